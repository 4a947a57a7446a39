/**
 * Bridges an event-emitting driver (rows pushed at us) to an async iterator with backpressure:
 * `pause()` is called when `highWater` rows are queued and `resume()` once the consumer drains them.
 */
export class PushQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  private paused = false;
  private discarding = false;
  private finished: Promise<void>;
  private markFinished!: () => void;

  constructor(
    private readonly highWater: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {
    this.finished = new Promise((resolve) => (this.markFinished = resolve));
  }

  push(item: T): void {
    if (this.discarding) return;
    this.items.push(item);
    if (!this.paused && this.items.length >= this.highWater) {
      this.paused = true;
      this.pause();
    }
    this.notify();
  }

  end(err?: unknown): void {
    this.done = true;
    this.error = err;
    this.markFinished();
    this.notify();
  }

  /**
   * The consumer stopped early: drop queued and future rows, un-pause the driver and wait until the
   * statement has ended, so the connection is usable again.
   */
  /** The producer has ended (normally or with an error). */
  get ended(): boolean {
    return this.done;
  }

  async abandon(): Promise<void> {
    this.discarding = true;
    this.items.length = 0;
    if (this.paused) {
      this.paused = false;
      this.resume();
    }
    await this.finished;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        if (this.paused && this.items.length < this.highWater / 2) {
          this.paused = false;
          this.resume();
        }
        yield item;
        continue;
      }
      if (this.done) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
