import { PUT_EVENTS_BATCH, type PublishableEvent } from '@lava/aws';
import { LAVA_SOURCES, buildLavaEvent } from '@lava/core';
import type { Fire, MissedFire } from '@lava/scheduling';
import type { FireSink, PreparedFires } from '../engine/ports';

/** The bus publisher as this adapter uses it (`BusPublisher` of `@lava/aws`). */
export interface EventPublisher {
  publish(events: PublishableEvent[]): Promise<void>;
}

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

  async dispatch(fires: readonly Fire[], dispatcher: string): Promise<void> {
    await this.prepare(fires, dispatcher).send();
  }

  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    const events = fires.map((f) =>
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
    return {
      fires,
      send: () =>
        this.publishAll(events, (from, to) =>
          this.onPublished?.(fires.slice(from, to), this.now(), dispatcher),
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
    await this.publishAll(events);
  }

  /** Batches of 10, at most `concurrency` in flight; rejects if any batch finally failed. */
  private async publishAll(
    events: PublishableEvent[],
    done?: (from: number, to: number) => void,
  ): Promise<void> {
    const starts: number[] = [];
    for (let i = 0; i < events.length; i += PUT_EVENTS_BATCH) starts.push(i);
    let next = 0;
    const errors: unknown[] = [];
    const worker = async (): Promise<void> => {
      while (next < starts.length) {
        const from = starts[next++] as number;
        const to = Math.min(events.length, from + PUT_EVENTS_BATCH);
        await this.publisher.publish(events.slice(from, to)).then(
          () => done?.(from, to),
          (e: unknown) => errors.push(e),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, starts.length) }, worker));
    if (errors.length) throw errors[0];
  }
}
