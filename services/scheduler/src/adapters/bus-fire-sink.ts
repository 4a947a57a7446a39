import { PUT_EVENTS_BATCH, type PreparedPublish, type PublishableEvent } from '@lava/aws';
import { LAVA_SOURCES, buildLavaEvent } from '@lava/core';
import type { Fire, MissedFire } from '@lava/scheduling';
import type { FireSink, PreparedFires } from '../engine/ports';

/** The bus publisher as this adapter uses it (`BusPublisher` of `@lava/aws`). */
export interface EventPublisher {
  publish(events: PublishableEvent[]): Promise<void>;
  /** Serialises and signs now; `send` publishes (see `BusPublisher.prepare`). */
  prepare(events: PublishableEvent[]): PreparedPublish;
}

/** Publishes one batch of at most 10 events, the `index`th of its list. */
type BatchSender = (batch: PublishableEvent[], index: number) => Promise<void>;

/**
 * Publishes fires on the realm bus: one `Dispatch Requested` per fire with the idempotency key
 * `job_id@scheduled ISO time`, in PutEvents batches of 10, several batches in flight at once
 * (so a thousand fires in the same second go out in a few round trips, not a hundred).
 */
export class BusFireSink implements FireSink {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly realm: string,
    private readonly concurrency = 8,
    private readonly now: () => Date = () => new Date(),
    /** Told about each accepted batch of fires (metrics; the benchmark measures jitter with it). */
    private readonly onPublished?: (fires: readonly Fire[], at: Date, dispatcher: string) => void,
  ) {}

  /** Each batch is built and signed as its turn comes: a catch-up may hold many thousands of fires. */
  async dispatch(fires: readonly Fire[], dispatcher: string): Promise<void> {
    await this.publishAll(
      this.dispatchEvents(fires, dispatcher),
      (batch) => this.publisher.publish(batch),
      this.published(fires, dispatcher),
    );
  }

  /**
   * Builds every PutEvents call of the slot now (events, serialisation, signature), so `send`
   * at the due instant only writes them to their sockets.
   */
  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    const events = this.dispatchEvents(fires, dispatcher);
    const ready: PreparedPublish[] = [];
    for (let i = 0; i < events.length; i += PUT_EVENTS_BATCH)
      ready.push(this.publisher.prepare(events.slice(i, i + PUT_EVENTS_BATCH)));
    return {
      fires,
      send: () =>
        this.publishAll(
          events,
          (_, index) => (ready[index] as PreparedPublish).send(),
          this.published(fires, dispatcher),
        ),
    };
  }

  async missed(missed: readonly MissedFire[], dispatcher: string, reason: string): Promise<void> {
    const ts = this.now().toISOString();
    const events = missed.map((m) =>
      buildLavaEvent(
        'Schedule Missed',
        {
          realm: this.realm,
          job_id: m.jobId,
          scheduled_time: m.scheduledAt.toISOString(),
          reason,
          dispatcher,
          ts_event: ts,
        },
        { source: LAVA_SOURCES.scheduler },
      ),
    );
    await this.publishAll(events, (batch) => this.publisher.publish(batch));
  }

  private dispatchEvents(fires: readonly Fire[], dispatcher: string): PublishableEvent[] {
    return fires.map((f) =>
      buildLavaEvent(
        'Dispatch Requested',
        {
          job_id: f.jobId,
          realm: this.realm,
          idempotency_key: f.idempotencyKey,
          scheduled_time: f.scheduledAt.toISOString(),
          requested_by: `scheduler/${dispatcher}`,
        },
        { source: LAVA_SOURCES.scheduler },
      ),
    );
  }

  private published(fires: readonly Fire[], dispatcher: string): (from: number, to: number) => void {
    return (from, to) => this.onPublished?.(fires.slice(from, to), this.now(), dispatcher);
  }

  /** Batches of 10, at most `concurrency` in flight; rejects if any batch finally failed. */
  private async publishAll(
    events: PublishableEvent[],
    send: BatchSender,
    done?: (from: number, to: number) => void,
  ): Promise<void> {
    const batches = Math.ceil(events.length / PUT_EVENTS_BATCH);
    let next = 0;
    const errors: unknown[] = [];
    const worker = async (): Promise<void> => {
      while (next < batches) {
        const index = next++;
        const from = index * PUT_EVENTS_BATCH;
        const to = Math.min(events.length, from + PUT_EVENTS_BATCH);
        await send(events.slice(from, to), index).then(
          () => done?.(from, to),
          (e: unknown) => errors.push(e),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches) }, worker));
    if (errors.length) throw errors[0];
  }
}
