import type { Logger } from '@lava/logging';
import type { Fire } from '@lava/scheduling';
import type { Clock, FireSink, PreparedFires } from '../engine/ports';

/** The paused dispatchers (the realm state table's `lava.paused/<name>` items in production). */
export interface PausedDispatchers {
  isPaused(dispatcher: string): Promise<boolean>;
}

/**
 * This replica's own switch (the original's no-dispatch file): a reason while dispatch is
 * suppressed on this host, else undefined. Checked before every send, so it acts at once.
 */
export type NodeDispatchSwitch = () => string | undefined;

/**
 * Skips the fires of paused dispatchers (paused through the HTTP API or `lava schedule pause`),
 * and every fire while this replica's `suppressed` switch is on. The paused set is re-read
 * at most every `refreshMs` per dispatcher (one key read each: the scheduler's role may read its
 * dispatchers' pause items, not scan the state table), so a pause or resume takes effect within
 * about that time. Skipped
 * fires are reported as `Schedule Missed` with reason `dispatcher paused`, and the lease and
 * watermark move on as if they had fired: resuming does not replay the paused period.
 */
export class PausedFireSink implements FireSink {
  private readonly known = new Map<string, { paused: boolean; readAtMs: number }>();

  constructor(
    private readonly inner: FireSink,
    private readonly source: PausedDispatchers,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly refreshMs: number,
    private readonly suppressed: NodeDispatchSwitch = () => undefined,
  ) {}

  /**
   * The pause is looked up now, ahead of the slot (a read of the state table when the cached
   * answer is older than `refreshMs`), so that round trip is not spent at the due instant; the
   * host switch is still checked at the send.
   */
  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    const prepared = this.inner.prepare(fires, dispatcher);
    const paused = this.isPaused(dispatcher);
    return {
      fires: prepared.fires,
      send: async () => {
        const why = this.suppressed() ?? ((await paused) ? 'dispatcher paused' : undefined);
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
    const last = this.known.get(dispatcher);
    if (last && now - last.readAtMs < this.refreshMs) return last.paused;
    try {
      const paused = await this.source.isPaused(dispatcher);
      this.known.set(dispatcher, { paused, readAtMs: now });
      return paused;
    } catch (error) {
      // Keep the last known state: a state-table hiccup must not stop (or unpause) the schedule.
      this.logger.warn('cannot read paused dispatchers', { dispatcher, error: (error as Error).message });
      return last?.paused ?? false;
    }
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
