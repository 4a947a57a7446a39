import { guardedIterable, type StatementGuard } from './statement-guard';
import type { RowStream } from './sql-session';

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

/**
 * The row stream of a driver that pushes rows (mysql2, mssql): waits for the column header,
 * counts rows as they are read, and on an early stop cancels the rest on the server instead of
 * draining it. `header` resolves undefined for statements without a result set.
 */
export async function pushedRowStream(source: {
  header: Promise<string[] | undefined>;
  queue: PushQueue<unknown[]>;
  guard: StatementGuard;
  cancel: () => Promise<void>;
  affected: () => number;
}): Promise<RowStream> {
  const { queue, guard } = source;
  let columns: string[] | undefined;
  try {
    columns = await source.header;
  } catch (err) {
    guard.finish();
    throw guard.mapError(err);
  }
  if (columns === undefined) guard.finish(); // statement complete, nothing to iterate
  let count = 0;
  const counted = (async function* () {
    for await (const row of queue) {
      count++;
      yield row;
    }
  })();
  const stop = async (): Promise<void> => {
    if (!queue.ended) await source.cancel().catch(() => undefined);
    await queue.abandon();
  };
  const iterable = guardedIterable(guard, counted, stop);
  return {
    columns,
    rowCount: () => (columns === undefined ? source.affected() : count),
    [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
  };
}
