import type { Logger } from '@lava/logging';
import type { Fire } from '@lava/scheduling';
import type { Clock, FireSink, PreparedFires } from '../engine/ports';

/** The paused dispatchers (the realm state table's `lava.paused/<name>` items in production). */
export interface PausedDispatchers {
  pausedNames(): Promise<Set<string>>;
}

/**
 * Skips the fires of paused dispatchers (paused through the HTTP API). The paused set is re-read
 * at most every `refreshMs`, so a pause or resume takes effect within about that time. Skipped
 * fires are reported as `Schedule Missed` with reason `dispatcher paused`, and the lease and
 * watermark move on as if they had fired: resuming does not replay the paused period.
 */
export class PausedFireSink implements FireSink {
  private paused = new Set<string>();
  private readAtMs = -Infinity;

  constructor(
    private readonly inner: FireSink,
    private readonly source: PausedDispatchers,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly refreshMs: number,
  ) {}

  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    const prepared = this.inner.prepare(fires, dispatcher);
    return {
      fires: prepared.fires,
      send: async () => ((await this.isPaused(dispatcher)) ? this.skip(fires, dispatcher) : prepared.send()),
    };
  }

  async dispatch(fires: readonly Fire[], dispatcher: string): Promise<void> {
    if (await this.isPaused(dispatcher)) return this.skip(fires, dispatcher);
    return this.inner.dispatch(fires, dispatcher);
  }

  missed: FireSink['missed'] = (missed, dispatcher, reason) => this.inner.missed(missed, dispatcher, reason);

  private async isPaused(dispatcher: string): Promise<boolean> {
    const now = this.clock().getTime();
    if (now - this.readAtMs >= this.refreshMs) {
      try {
        this.paused = await this.source.pausedNames();
        this.readAtMs = now;
      } catch (error) {
        // Keep the last known set: a state-table hiccup must not stop (or unpause) the schedule.
        this.logger.warn('cannot read paused dispatchers', { error: (error as Error).message });
      }
    }
    return this.paused.has(dispatcher);
  }

  private async skip(fires: readonly Fire[], dispatcher: string): Promise<void> {
    this.logger.info('fires skipped: dispatcher paused', { dispatcher, fires: fires.length });
    await this.inner.missed(
      fires.map((f) => ({ jobId: f.jobId, scheduledAt: f.scheduledAt })),
      dispatcher,
      'dispatcher paused',
    );
  }
}
