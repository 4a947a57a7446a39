import { setImmediate as tick } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { SqlCancelledError } from '../errors';
import type { SqlDialect } from '../model/connection';
import { toConnectorError } from '../model/sanitise';
import { quoteWith } from './identifiers';
import { guarded, guardedIterable, StatementGuard, refuseBinds } from './statement-guard';
import type { BulkLoadOptions, ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

/**
 * A SQLite session (better-sqlite3, synchronous). better-sqlite3 exposes no sqlite3_interrupt, so a
 * cancel takes effect between rows/batches: the iterator yields to the event loop every `fetchSize`
 * rows, when pending timeouts fire and the next step throws.
 */
export class SqliteSession implements SqlSession {
  readonly dialect: SqlDialect = 'sqlite3';
  private cancelled = false;

  constructor(private readonly db: Database.Database) {}

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    refuseBinds(opts, this.dialect);
    return guarded(
      () => this.cancel(),
      opts,
      [],
      async () => {
        await tick();
        this.cancelled = false;
        const stmt = this.prepare(sql);
        if (stmt === undefined) {
          this.db.exec(sql);
          return { rowCount: 0 };
        }
        if (!stmt.reader) return { rowCount: stmt.run().changes };
        const rows = stmt.raw(true).all() as unknown[][];
        return { rowCount: rows.length, columns: stmt.columns().map((c) => c.name), rows };
      },
    );
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = new StatementGuard(() => this.cancel(), opts, []);
    guard.start();
    this.cancelled = false;
    let stmt: Database.Statement | undefined;
    try {
      stmt = this.prepare(sql);
    } catch (err) {
      guard.finish();
      throw guard.mapError(err);
    }
    if (stmt === undefined || !stmt.reader) {
      try {
        const changes = stmt === undefined ? (this.db.exec(sql), 0) : stmt.run().changes;
        return emptyStream(changes);
      } catch (err) {
        throw guard.mapError(err);
      } finally {
        guard.finish();
      }
    }
    return this.readerStream(stmt, guard, opts.fetchSize ?? 1024);
  }

  async begin(): Promise<void> {
    this.run('BEGIN');
  }

  async commit(): Promise<void> {
    this.run('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.run('ROLLBACK');
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
  }

  async bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]>,
    opts: BulkLoadOptions,
  ): Promise<number> {
    // A prepared single-row INSERT inside the caller's transaction is SQLite's fastest path.
    const stmt = this.db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    let n = 0;
    this.cancelled = false;
    for await (const row of rows) {
      stmt.run(...(row as unknown[]));
      if (++n % opts.batchSize === 0) {
        await tick();
        if (this.cancelled || opts.signal?.aborted === true) throw new SqlCancelledError('Load cancelled');
      }
    }
    return n;
  }

  quoteIdent(name: string): string {
    return quoteWith(name, '"', '"');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private readerStream(stmt: Database.Statement, guard: StatementGuard, fetch: number): RowStream {
    let count = 0;
    const it = stmt.raw(true).iterate() as IterableIterator<unknown[]>;
    const isCancelled = (): boolean => this.cancelled;
    const source = (async function* () {
      for (const row of it) {
        if (++count % fetch === 0) {
          await tick();
          if (isCancelled()) throw new SqlCancelledError('Statement interrupted');
        }
        yield row;
      }
    })();
    const iterable = guardedIterable(guard, source, async () => void it.return?.());
    return {
      columns: stmt.columns().map((c) => c.name),
      rowCount: () => count,
      [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
    };
  }

  /** Prepare one statement; undefined when the text holds several (raw mode) and must use exec(). */
  private prepare(sql: string): Database.Statement | undefined {
    try {
      return this.db.prepare(sql);
    } catch (err) {
      if (/more than one statement/.test(String((err as { message?: unknown }).message))) return undefined;
      throw err;
    }
  }

  private run(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (err) {
      throw toConnectorError(err, []);
    }
  }
}

function emptyStream(changes: number): RowStream {
  return {
    columns: undefined,
    rowCount: () => changes,
    // eslint-disable-next-line require-yield
    async *[Symbol.asyncIterator]() {
      return;
    },
  };
}
