/**
 * Coalesces single items into batch calls: a batch goes out when `maxBatch` items are waiting or
 * `lingerMs` after the first one arrived. Under load this turns one AWS request per dispatch into
 * one per ten; at rest it adds at most `lingerMs` of latency. `send` reports a per-item error
 * (or throws for the whole batch); each caller's promise settles with its own item's outcome.
 */
export class LingerBatcher<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (err: Error) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (items: T[]) => Promise<Array<Error | undefined>>,
    private readonly maxBatch = 10,
    private readonly lingerMs = 5,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches: Array<typeof this.pending> = [];
    while (this.pending.length) batches.push(this.pending.splice(0, this.maxBatch));
    await Promise.all(batches.map((b) => this.deliver(b)));
  }

  private async deliver(batch: typeof this.pending): Promise<void> {
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
