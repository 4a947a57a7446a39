import type * as mssql from 'mssql';
import type { SqlDialect } from '../model/connection';
import { quoteWith } from './identifiers';
import { PushQueue, pushedRowStream } from './push-queue';
import { insertRows, ServerSqlSession, type BulkLoad, type TransactionStep } from './server-session';
import { refuseBinds } from './statement-guard';
import type { ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

// SQL Server accepts at most 2100 parameters per request.
const MSSQL_MAX_PARAMS = 2000;
// and at most 1000 rows in one VALUES list.
const MSSQL_MAX_ROWS = 1000;
const MSSQL_TRANSACTION = {
  begin: 'BEGIN TRANSACTION',
  commit: 'COMMIT TRANSACTION',
  rollback: 'IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION',
};

/**
 * SQL Server session. The pool is capped at one connection so BEGIN/COMMIT issued as statements
 * stay on the same physical connection.
 */
export class MssqlSession extends ServerSqlSession implements SqlSession {
  readonly dialect: SqlDialect = 'mssql';
  private current: mssql.Request | undefined;

  constructor(
    private readonly pool: mssql.ConnectionPool,
    secrets: readonly string[],
  ) {
    super(secrets);
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    refuseBinds(opts, this.dialect);
    return this.guardedStatement(opts, async () => {
      const req = this.request();
      req.arrayRowMode = true;
      const r = await req.query(sql);
      const sets = r.recordsets as unknown as Array<unknown[][] & { columns?: unknown }>;
      const last = sets[sets.length - 1];
      if (last === undefined) return { rowCount: r.rowsAffected.reduce((a, b) => a + b, 0) };
      const cols =
        (r as unknown as { columns?: Array<Array<{ name: string }>> }).columns?.[sets.length - 1] ?? [];
      return { rowCount: last.length, columns: cols.map((c) => c.name), rows: last };
    });
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = this.statementGuard(opts);
    guard.start();
    const req = this.request();
    req.stream = true;
    req.arrayRowMode = true;
    const queue = new PushQueue<unknown[]>(
      opts.fetchSize ?? 1024,
      () => req.pause(),
      () => req.resume(),
    );
    let affected = 0;
    const header = new Promise<string[] | undefined>((resolve, reject) => {
      req.on('recordset', (cols: Record<string, { name: string; index: number }>) =>
        resolve(
          Object.values(cols)
            .sort((a, b) => a.index - b.index)
            .map((c) => c.name),
        ),
      );
      req.on('row', (row: unknown[]) => queue.push(row));
      req.on('rowsaffected', (n: number) => (affected += n));
      req.on('error', (err: unknown) => {
        queue.end(err);
        reject(err);
      });
      req.on('done', () => {
        queue.end();
        resolve(undefined);
      });
    });
    void req.query(sql);
    return pushedRowStream({ header, queue, guard, cancel: () => this.cancel(), affected: () => affected });
  }

  async cancel(): Promise<void> {
    this.current?.cancel();
  }

  protected load(load: BulkLoad): Promise<number> {
    const limits = {
      maxParams: MSSQL_MAX_PARAMS,
      maxRows: MSSQL_MAX_ROWS,
      placeholder: (n: number) => `@p${n}`,
    };
    return insertRows(load, limits, (sql, params) => {
      const req = this.request();
      params.forEach((v, i) => req.input(`p${i + 1}`, v));
      return req.query(sql);
    });
  }

  quoteIdent(name: string): string {
    return quoteWith(name, '[', ']');
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }

  private request(): mssql.Request {
    this.current = this.pool.request();
    return this.current;
  }

  protected async transactionStep(step: TransactionStep): Promise<void> {
    await this.request().query(MSSQL_TRANSACTION[step]);
  }
}
