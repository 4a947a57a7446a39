import * as mysql from 'mysql2';
import type { SqlDialect } from '../model/connection';
import { quoteWith } from './identifiers';
import { PushQueue, pushedRowStream } from './push-queue';
import { insertRows, ServerSqlSession, type BulkLoad, type TransactionStep } from './server-session';
import { refuseBinds } from './statement-guard';
import type { ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

// MySQL's protocol allows 65535 placeholders per prepared statement.
const MYSQL_MAX_PARAMS = 65535;
const MYSQL_TRANSACTION = { begin: 'START TRANSACTION', commit: 'COMMIT', rollback: 'ROLLBACK' };

/** A MySQL / MariaDB session over one mysql2 connection. */
export class MysqlSession extends ServerSqlSession implements SqlSession {
  readonly dialect: SqlDialect = 'mysql';

  constructor(
    private readonly conn: mysql.Connection,
    private readonly config: mysql.ConnectionOptions,
    secrets: readonly string[],
  ) {
    super(secrets);
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    refuseBinds(opts, this.dialect);
    return this.guardedStatement(opts, async () => {
      const [rows, fields] = await this.query(sql);
      return toExecResult(rows, fields);
    });
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = this.statementGuard(opts);
    guard.start();
    const queue = new PushQueue<unknown[]>(
      opts.fetchSize ?? 1024,
      () => this.conn.pause(),
      () => this.conn.resume(),
    );
    const q = this.conn.query({ sql, rowsAsArray: true });
    let affected = 0;
    const header = new Promise<string[] | undefined>((resolve, reject) => {
      // mysql2 emits `fields` with undefined for OK packets (DML/DDL): no result set.
      q.on('fields', (fields: mysql.FieldPacket[] | undefined) => {
        if (fields !== undefined) resolve(fields.map((f) => f.name));
      });
      q.on('result', (row: unknown) => {
        if (Array.isArray(row)) queue.push(row);
        else affected += (row as mysql.ResultSetHeader).affectedRows ?? 0;
      });
      q.on('error', (err: unknown) => {
        queue.end(err);
        reject(err);
      });
      q.on('end', () => {
        queue.end();
        resolve(undefined);
      });
    });
    return pushedRowStream({ header, queue, guard, cancel: () => this.cancel(), affected: () => affected });
  }

  async cancel(): Promise<void> {
    const id = this.conn.threadId;
    if (id === null || id === undefined) return;
    const other = mysql.createConnection({
      ...this.config,
      connectAttributes: { program_name: 'lava-cancel' },
    });
    other.on('error', () => undefined);
    try {
      await other.promise().query(`KILL QUERY ${Number(id)}`);
    } finally {
      other.destroy();
    }
  }

  protected load(load: BulkLoad): Promise<number> {
    return insertRows(load, { maxParams: MYSQL_MAX_PARAMS, placeholder: () => '?' }, (sql, params) =>
      this.query(sql, params),
    );
  }

  quoteIdent(name: string): string {
    return quoteWith(name, '`', '`');
  }

  async close(): Promise<void> {
    await this.conn
      .promise()
      .end()
      .catch(() => this.conn.destroy());
  }

  private query(sql: string, params?: unknown[]): Promise<[unknown, mysql.FieldPacket[] | undefined]> {
    return new Promise((resolve, reject) => {
      this.conn.query({ sql, rowsAsArray: true, values: params }, (err, rows, fields) => {
        if (err) reject(err);
        else resolve([rows, fields as mysql.FieldPacket[] | undefined]);
      });
    });
  }

  protected async transactionStep(step: TransactionStep): Promise<void> {
    await this.query(MYSQL_TRANSACTION[step]);
  }
}

function toExecResult(rows: unknown, fields: unknown): ExecResult {
  // Multi-statement (raw) text: arrays of per-statement results/fields; report the last result set.
  const multi =
    Array.isArray(fields) && fields.length > 0 && (fields[0] === undefined || Array.isArray(fields[0]));
  if (multi && Array.isArray(rows)) {
    for (let i = rows.length - 1; i >= 0; i--) {
      if (Array.isArray(fields[i])) return toExecResult(rows[i], fields[i]);
    }
    return { rowCount: rows.reduce((n: number, r: mysql.ResultSetHeader) => n + (r?.affectedRows ?? 0), 0) };
  }
  if (Array.isArray(rows) && Array.isArray(fields)) {
    return {
      rowCount: rows.length,
      columns: (fields as mysql.FieldPacket[]).map((f) => f.name),
      rows: rows as unknown[][],
    };
  }
  return { rowCount: (rows as mysql.ResultSetHeader | undefined)?.affectedRows ?? 0 };
}
