/** How a batcher cuts batches: by count, and optionally by a size measure (bytes). */
export interface BatchLimits<T> {
  /** Most items per batch (default 10). */
  maxBatch?: number;
  /** Size of one item (e.g. its UTF-8 bytes); with `maxSize`, batches are cut by size too. */
  sizeOf?: (item: T) => number;
  /** Largest total size of one batch; an item larger on its own is sent alone. */
  maxSize?: number;
}

interface Pending<T> {
  item: T;
  size: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Coalesces single items into batch calls without a timer. An item added while no request is in
 * flight goes out after the current event-loop turn (together with the items added in that same
 * turn, e.g. the dispatches of one receive batch); items added while a request is in flight wait
 * for it to return and then go out together, or at once when `maxBatch` items (or `maxSize`
 * worth) are waiting. An idle pipe thus adds no delay, and a busy one still makes one request
 * per ten items. `send` reports a per-item error (or throws for the whole batch); each caller's
 * promise settles with its own item's outcome. Cutting by size keeps one large item from failing
 * its neighbours (SendMessageBatch refuses a whole request over 1 MiB).
 */
export class RequestBatcher<T> {
  private pending: Array<Pending<T>> = [];
  private pendingSize = 0;
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxSize: number;

  constructor(
    private readonly send: (items: T[]) => Promise<Array<Error | undefined>>,
    private readonly limits: BatchLimits<T> = {},
  ) {
    this.maxBatch = limits.maxBatch ?? 10;
    this.maxSize = limits.maxSize ?? Number.POSITIVE_INFINITY;
  }

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const size = this.limits.sizeOf?.(item) ?? 0;
      this.pending.push({ item, size, resolve, reject });
      this.pendingSize += size;
      if (this.pending.length >= this.maxBatch || this.pendingSize >= this.maxSize) void this.flush();
      else this.schedule();
    });
  }

  /** Sends everything waiting now, whatever is in flight. */
  async flush(): Promise<void> {
    const batches = this.cut(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    await Promise.all(batches.map((b) => this.deliver(b)));
  }

  /** The next turn's flush, unless a request in flight will trigger it when it returns. */
  private schedule(): void {
    if (this.inFlight > 0 || this.scheduled || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Consecutive runs of items within both limits; an oversized item forms a batch of its own. */
  private cut(items: Array<Pending<T>>): Array<Array<Pending<T>>> {
    const batches: Array<Array<Pending<T>>> = [];
    let current: Array<Pending<T>> = [];
    let size = 0;
    for (const p of items) {
      if (current.length && (current.length >= this.maxBatch || size + p.size > this.maxSize)) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(p);
      size += p.size;
    }
    if (current.length) batches.push(current);
    return batches;
  }

  private async deliver(batch: Array<Pending<T>>): Promise<void> {
    this.inFlight++;
    try {
      const errors = await this.send(batch.map((b) => b.item));
      batch.forEach((b, i) => {
        const err = errors[i];
        if (err) b.reject(err);
        else b.resolve();
      });
    } catch (err) {
      batch.forEach((b) => b.reject(err as Error));
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
