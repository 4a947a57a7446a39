import type * as oracledb from 'oracledb';
import type { SqlDialect } from '../model/connection';
import { quoteWith } from './identifiers';
import { ServerSqlSession, type BulkLoad, type TransactionStep } from './server-session';
import { guardedIterable } from './statement-guard';
import type { ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

/** Oracle session (node-oracledb thin mode). Autocommit unless inside begin()/commit(). */
export class OracleSession extends ServerSqlSession implements SqlSession {
  readonly dialect: SqlDialect = 'oracle';

  constructor(
    private readonly conn: oracledb.Connection,
    private readonly outFormatArray: number,
    secrets: readonly string[],
  ) {
    super(secrets);
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.guardedStatement(opts, async () => {
      const r = await this.conn.execute<unknown[]>(sql, opts.binds ?? [], {
        outFormat: this.outFormatArray,
        autoCommit: !this.inTransaction,
      });
      if (r.metaData === undefined) return { rowCount: r.rowsAffected ?? 0 };
      const rows = r.rows ?? [];
      return { rowCount: rows.length, columns: r.metaData.map((m) => m.name), rows };
    });
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = this.statementGuard(opts);
    guard.start();
    const fetch = opts.fetchSize ?? 1024;
    let r: oracledb.Result<unknown[]>;
    try {
      r = await this.conn.execute<unknown[]>(sql, [], {
        outFormat: this.outFormatArray,
        resultSet: true,
        fetchArraySize: fetch,
        autoCommit: !this.inTransaction,
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

  async cancel(): Promise<void> {
    await this.conn.break();
  }

  protected async load({ table, columns, rows, opts }: BulkLoad): Promise<number> {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `:${i + 1}`).join(', ')})`;
    let batch: unknown[][] = [];
    let total = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await this.conn.executeMany(sql, batch as oracledb.BindParameters[], { autoCommit: false });
      total += batch.length;
      batch = [];
    };
    for await (const row of rows) {
      batch.push([...row]);
      if (batch.length >= opts.batchSize) await flush();
    }
    await flush();
    return total;
  }

  /** Oracle object names are left unquoted (upper-case folding) but validated. */
  quoteIdent(name: string): string {
    if (!/^[$#\w]+$/.test(name)) return quoteWith(name, '\0', '\0');
    return name;
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }

  /** Oracle starts transactions implicitly: "begin" only turns autocommit off (the flag). */
  protected async transactionStep(step: TransactionStep): Promise<void> {
    if (step === 'commit') await this.conn.commit();
    else if (step === 'rollback') await this.conn.rollback();
  }
}
