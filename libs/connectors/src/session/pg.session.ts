import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom } from 'pg-copy-streams';
import type { SqlDialect } from '../model/connection';
import { quoteWith } from './identifiers';
import { insertRows, ServerSqlSession, type BulkLoad, type TransactionStep } from './server-session';
import { guardedIterable, StatementGuard, refuseBinds } from './statement-guard';
import type { ExecOptions, ExecResult, RowStream, SqlSession } from './sql-session';
import { normaliseTimestampText, SqlDecimal } from './sql-values';
import { csvCopyChunks } from './copy-encoding';

const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
};

/** Per-session type parsing: exact numerics and timestamps as text (no Date/float rounding). */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === OID.int8) return (v: string) => BigInt(v);
    if (oid === OID.numeric) return (v: string) => new SqlDecimal(v);
    if (oid === OID.timestamptz || oid === OID.timetz) return normaliseTimestampText;
    if (oid === OID.date || oid === OID.time || oid === OID.timestamp) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const DEFAULT_FETCH = 1024;
// PostgreSQL's bind protocol carries at most 65535 parameters per statement.
const PG_MAX_PARAMS = 65535;

/** A PostgreSQL / Redshift session over one `pg.Client`. */
export class PgSession extends ServerSqlSession implements SqlSession {
  constructor(
    private readonly client: pg.Client,
    private readonly config: pg.ClientConfig,
    secrets: readonly string[],
    readonly dialect: SqlDialect,
  ) {
    super(secrets);
  }

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    refuseBinds(opts, this.dialect);
    return this.guardedStatement(opts, async () => {
      // Simple-query protocol: several statements in one text are allowed (raw mode).
      const res = (await this.client.query({ text: sql, rowMode: 'array' })) as
        pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(res) ? res : [res];
      const last = [...results].reverse().find((r) => r.fields.length > 0) ?? results[results.length - 1];
      if (last === undefined || last.fields.length === 0) return { rowCount: last?.rowCount ?? 0 };
      return {
        rowCount: last.rows.length,
        columns: last.fields.map((f) => f.name),
        rows: last.rows as unknown[][],
      };
    });
  }

  async stream(sql: string, opts: ExecOptions & { fetchSize?: number } = {}): Promise<RowStream> {
    const guard = this.statementGuard(opts);
    guard.start();
    const fetch = opts.fetchSize ?? DEFAULT_FETCH;
    const cursor = this.client.query(new Cursor(sql, [], { rowMode: 'array', types: pgTypes }));
    let first: { rows: unknown[][]; result: pg.QueryResult };
    try {
      first = await readCursor(cursor, fetch);
    } catch (err) {
      guard.finish();
      await closeCursor(cursor);
      throw guard.mapError(err);
    }
    if (first.result.fields.length === 0) {
      // No result set (DML/DDL): the statement is complete, so disarm now.
      guard.finish();
      await closeCursor(cursor);
      const n = first.result.rowCount ?? 0;
      return { columns: undefined, rowCount: () => n, [Symbol.asyncIterator]: async function* () {} };
    }
    return pgRowStream(cursor, first, fetch, guard);
  }

  async cancel(): Promise<void> {
    const pid = (this.client as unknown as { processID?: number }).processID;
    if (pid === undefined) return;
    const other = new pg.Client({ ...this.config, application_name: 'lava-cancel' });
    try {
      await other.connect();
      await other.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  protected async load(load: BulkLoad): Promise<number> {
    if (load.opts.mode === 'insert') {
      return insertRows(load, { maxParams: PG_MAX_PARAMS, placeholder: (n) => `$${n}` }, (sql, params) =>
        this.client.query(sql, params),
      );
    }
    let count = 0;
    const counted = (async function* () {
      for await (const r of load.rows) {
        count++;
        yield r;
      }
    })();
    const copy = this.client.query(
      copyFrom(`COPY ${load.table} (${load.columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
    );
    await pipeline(Readable.from(csvCopyChunks(counted)), copy);
    return count;
  }

  quoteIdent(name: string): string {
    return quoteWith(name, '"', '"');
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  protected async transactionStep(step: TransactionStep): Promise<void> {
    await this.client.query(step.toUpperCase()); // BEGIN, COMMIT, ROLLBACK
  }
}

function readCursor(cursor: Cursor, n: number): Promise<{ rows: unknown[][]; result: pg.QueryResult }> {
  return new Promise((resolve, reject) => {
    cursor.read(n, (err, rows, result) => {
      if (err) reject(err);
      else resolve({ rows: rows as unknown as unknown[][], result });
    });
  });
}

async function closeCursor(cursor: Cursor): Promise<void> {
  await new Promise<void>((resolve) => cursor.close(() => resolve()));
}

function pgRowStream(
  cursor: Cursor,
  first: { rows: unknown[][]; result: pg.QueryResult },
  fetch: number,
  guard: StatementGuard,
): RowStream {
  let count = 0;
  const source = (async function* () {
    let batch = first;
    for (;;) {
      for (const row of batch.rows) {
        count++;
        yield row;
      }
      if (batch.rows.length === 0) break;
      batch = await readCursor(cursor, fetch);
    }
  })();
  const iterable = guardedIterable(guard, source, () => closeCursor(cursor));
  return {
    columns: first.result.fields.map((f) => f.name),
    rowCount: () => count,
    [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
  };
}
