/** How a batcher cuts batches: by count, and optionally by a size measure (bytes). */
export interface BatchLimits<T> {
  /** Most items per batch (default 10). */
  maxBatch?: number;
  /** Wait after the first item before sending a partial batch, ms (default 5). */
  lingerMs?: number;
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
 * Coalesces single items into batch calls: a batch goes out when `maxBatch` items (or `maxSize`
 * worth) are waiting or `lingerMs` after the first one arrived. Under load this turns one AWS
 * request per dispatch into one per ten; at rest it adds at most `lingerMs` of latency. `send`
 * reports a per-item error (or throws for the whole batch); each caller's promise settles with
 * its own item's outcome. Cutting by size keeps one large item from failing its neighbours
 * (SendMessageBatch refuses a whole request over 1 MiB).
 */
export class LingerBatcher<T> {
  private pending: Array<Pending<T>> = [];
  private pendingSize = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly maxSize: number;

  constructor(
    private readonly send: (items: T[]) => Promise<Array<Error | undefined>>,
    private readonly limits: BatchLimits<T> = {},
  ) {
    this.maxBatch = limits.maxBatch ?? 10;
    this.lingerMs = limits.lingerMs ?? 5;
    this.maxSize = limits.maxSize ?? Number.POSITIVE_INFINITY;
  }

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const size = this.limits.sizeOf?.(item) ?? 0;
      this.pending.push({ item, size, resolve, reject });
      this.pendingSize += size;
      if (this.pending.length >= this.maxBatch || this.pendingSize >= this.maxSize) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.cut(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    await Promise.all(batches.map((b) => this.deliver(b)));
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
    try {
      const errors = await this.send(batch.map((b) => b.item));
      batch.forEach((b, i) => {
        const err = errors[i];
        if (err) b.reject(err);
        else b.resolve();
      });
    } catch (err) {
      batch.forEach((b) => b.reject(err as Error));
    }
  }
}
