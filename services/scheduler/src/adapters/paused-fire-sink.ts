import type { Logger } from '@lava/logging';
import type { Fire } from '@lava/scheduling';
import type { Clock, FireSink, PreparedFires } from '../engine/ports';

/** The paused dispatchers (the realm state table's `lava.paused/<name>` items in production). */
export interface PausedDispatchers {
  pausedNames(): Promise<Set<string>>;
}

/**
 * This replica's own switch (the original's no-dispatch file): a reason while dispatch is
 * suppressed on this host, else undefined. Checked before every send, so it acts at once.
 */
export type NodeDispatchSwitch = () => string | undefined;

/**
 * Skips the fires of paused dispatchers (paused through the HTTP API or `lava schedule pause`),
 * and every fire while this replica's `suppressed` switch is on. The paused set is re-read
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
    private readonly suppressed: NodeDispatchSwitch = () => undefined,
  ) {}

  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    const prepared = this.inner.prepare(fires, dispatcher);
    return {
      fires: prepared.fires,
      send: async () => {
        const why = await this.skipReason(dispatcher);
        return why ? this.skip(fires, dispatcher, why) : prepared.send();
      },
    };
  }

  async dispatch(fires: readonly Fire[], dispatcher: string): Promise<void> {
    const why = await this.skipReason(dispatcher);
    if (why) return this.skip(fires, dispatcher, why);
    return this.inner.dispatch(fires, dispatcher);
  }

  missed: FireSink['missed'] = (missed, dispatcher, reason) => this.inner.missed(missed, dispatcher, reason);

  private async skipReason(dispatcher: string): Promise<string | undefined> {
    const suppressed = this.suppressed();
    if (suppressed) return suppressed;
    return (await this.isPaused(dispatcher)) ? 'dispatcher paused' : undefined;
  }

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

  private async skip(fires: readonly Fire[], dispatcher: string, reason: string): Promise<void> {
    this.logger.info(`fires skipped: ${reason}`, { dispatcher, fires: fires.length });
    await this.inner.missed(
      fires.map((f) => ({ jobId: f.jobId, scheduledAt: f.scheduledAt })),
      dispatcher,
      reason,
    );
  }
}
