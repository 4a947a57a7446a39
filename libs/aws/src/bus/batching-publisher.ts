import { PUT_EVENTS_BATCH, type BusPublisher, type PublishableEvent } from './bus-publisher';

interface Pending {
  events: PublishableEvent[];
  done: (err?: unknown) => void;
}

/**
 * Coalesces events published at about the same time (concurrent runs, back-to-back status
 * changes) into shared PutEvents calls of up to 10 entries, waiting at most `lingerMs` for
 * company. Each caller's promise settles when its own events were accepted, so callers keep
 * their ordering guarantees; failures reach the callers whose events failed.
 */
export class BatchingBusPublisher {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publisher: Pick<BusPublisher, 'publish'>,
    private readonly lingerMs = 5,
  ) {}

  publish(events: PublishableEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ events, done: (err) => (err ? reject(err) : resolve()) });
      this.queued += events.length;
      if (this.queued >= PUT_EVENTS_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /** Sends everything queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const batch: Pending[] = [];
      let size = 0;
      while (this.queue.length && (size === 0 || size + this.queue[0]!.events.length <= PUT_EVENTS_BATCH)) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.events.length;
      }
      this.queued -= size;
      void this.send(batch);
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      await this.publisher.publish(batch.flatMap((p) => p.events));
      batch.forEach((p) => p.done());
    } catch (err) {
      batch.forEach((p) => p.done(err));
    }
  }
}
