import * as mysql from 'mysql2';
import type { SqlDialect } from '../model/connection';
import { toConnectorError } from '../model/sanitise';
import { quoteWith } from './identifiers';
import { insertBatches } from './insert-batches';
import { PushQueue, pushedRowStream } from './push-queue';
import { guarded, StatementGuard, refuseBinds } from './statement-guard';
import type { BulkLoadOptions, ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';

// MySQL's protocol allows 65535 placeholders per prepared statement.
const MYSQL_MAX_PARAMS = 65535;

/** A MySQL / MariaDB session over one mysql2 connection. */
export class MysqlSession implements SqlSession {
  readonly dialect: SqlDialect = 'mysql';
  private txn = false;

  constructor(
    private readonly conn: mysql.Connection,
    private readonly config: mysql.ConnectionOptions,
    private readonly secrets: readonly string[],
  ) {}

  get inTransaction(): boolean {
    return this.txn;
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    refuseBinds(opts, this.dialect);
    return guarded(
      () => this.cancel(),
      opts,
      this.secrets,
      async () => {
        const [rows, fields] = await this.query(sql);
        return toExecResult(rows, fields);
      },
    );
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = new StatementGuard(() => this.cancel(), opts, this.secrets);
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

  async begin(): Promise<void> {
    await this.simple('START TRANSACTION');
    this.txn = true;
  }

  async commit(): Promise<void> {
    await this.simple('COMMIT');
    this.txn = false;
  }

  async rollback(): Promise<void> {
    this.txn = false;
    await this.simple('ROLLBACK');
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

  async bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]>,
    opts: BulkLoadOptions,
  ): Promise<number> {
    const maxRows = Math.max(
      1,
      Math.min(opts.batchSize, Math.floor(MYSQL_MAX_PARAMS / Math.max(1, columns.length))),
    );
    return guarded(
      () => this.cancel(),
      { signal: opts.signal },
      this.secrets,
      () =>
        insertBatches(
          rows,
          maxRows,
          columns.length,
          () => '?',
          async (values, params) => {
            await this.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, params);
          },
        ),
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

  private async simple(sql: string): Promise<void> {
    try {
      await this.query(sql);
    } catch (err) {
      throw toConnectorError(err, this.secrets);
    }
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
