import type * as oracledb from 'oracledb';
import type { SqlDialect } from '../model/connection';
import { toConnectorError } from '../model/sanitise';
import { quoteWith } from './identifiers';
import { guarded, guardedIterable, StatementGuard } from './statement-guard';
import type { BulkLoadOptions, ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

/** Oracle session (node-oracledb thin mode). Autocommit unless inside begin()/commit(). */
export class OracleSession implements SqlSession {
  readonly dialect: SqlDialect = 'oracle';
  private txn = false;

  constructor(
    private readonly conn: oracledb.Connection,
    private readonly outFormatArray: number,
    private readonly secrets: readonly string[],
  ) {}

  get inTransaction(): boolean {
    return this.txn;
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return guarded(
      () => this.cancel(),
      opts,
      this.secrets,
      async () => {
        const r = await this.conn.execute<unknown[]>(sql, opts.binds ?? [], {
          outFormat: this.outFormatArray,
          autoCommit: !this.txn,
        });
        if (r.metaData === undefined) return { rowCount: r.rowsAffected ?? 0 };
        const rows = r.rows ?? [];
        return { rowCount: rows.length, columns: r.metaData.map((m) => m.name), rows };
      },
    );
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = new StatementGuard(() => this.cancel(), opts, this.secrets);
    guard.start();
    const fetch = opts.fetchSize ?? 1024;
    let r: oracledb.Result<unknown[]>;
    try {
      r = await this.conn.execute<unknown[]>(sql, [], {
        outFormat: this.outFormatArray,
        resultSet: true,
        fetchArraySize: fetch,
        autoCommit: !this.txn,
      });
    } catch (err) {
      guard.finish();
      throw guard.mapError(err);
    }
    const rs = r.resultSet;
    if (rs === undefined || r.metaData === undefined) {
      guard.finish();
      const n = r.rowsAffected ?? 0;
      return { columns: undefined, rowCount: () => n, [Symbol.asyncIterator]: async function* () {} };
    }
    let count = 0;
    const source = (async function* () {
      for (;;) {
        const rows = await rs.getRows(fetch);
        if (rows.length === 0) return;
        for (const row of rows) {
          count++;
          yield row;
        }
      }
    })();
    const iterable = guardedIterable(guard, source, () => rs.close().catch(() => undefined));
    return {
      columns: r.metaData.map((m) => m.name),
      rowCount: () => count,
      [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
    };
  }

  async begin(): Promise<void> {
    // Oracle starts transactions implicitly; turning autocommit off is all "begin" means here.
    this.txn = true;
  }

  async commit(): Promise<void> {
    await this.wrap(() => this.conn.commit());
    this.txn = false;
  }

  async rollback(): Promise<void> {
    this.txn = false;
    await this.wrap(() => this.conn.rollback());
  }

  async cancel(): Promise<void> {
    await this.conn.break();
  }

  async bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]>,
    opts: BulkLoadOptions,
  ): Promise<number> {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `:${i + 1}`).join(', ')})`;
    let batch: unknown[][] = [];
    let total = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await this.conn.executeMany(sql, batch as oracledb.BindParameters[], { autoCommit: false });
      total += batch.length;
      batch = [];
    };
    return guarded(
      () => this.cancel(),
      { signal: opts.signal },
      this.secrets,
      async () => {
        for await (const row of rows) {
          batch.push([...row]);
          if (batch.length >= opts.batchSize) await flush();
        }
        await flush();
        return total;
      },
    );
  }

  /** Oracle object names are left unquoted (upper-case folding) but validated. */
  quoteIdent(name: string): string {
    if (!/^[$#\w]+$/.test(name)) return quoteWith(name, '\0', '\0');
    return name;
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }

  private async wrap(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      throw toConnectorError(err, this.secrets);
    }
  }
}
