import type * as oracledb from 'oracledb';
import { Readable } from 'node:stream';
import { OracleSession } from '../session/oracle.session';
import { loadDelimited } from './load-delimited';

/** One call the session made on the driver connection. */
interface DriverCall {
  sql: string;
  binds: unknown;
  autoCommit?: boolean;
}

/**
 * No Oracle server can run here, so these tests drive the real OracleSession over a recording
 * stand-in for node-oracledb's Connection: they pin the exact statements and bind values the
 * driver receives. `catalogue` answers the all_tables / all_tab_columns look-ups.
 */
class DriverRecorder {
  readonly calls: DriverCall[] = [];
  constructor(
    private readonly catalogue: { tables: string[]; columns?: string[]; rows?: boolean; failOn?: RegExp },
  ) {}

  connection(): oracledb.Connection {
    const { calls, catalogue } = this;
    const answer = (sql: string, binds: unknown) => this.answer(sql, binds);
    return {
      async execute(sql: string, binds: unknown, opts: { autoCommit?: boolean }) {
        calls.push({ sql, binds, autoCommit: opts.autoCommit });
        return answer(sql, binds);
      },
      async executeMany(sql: string, binds: unknown, opts: { autoCommit?: boolean }) {
        if (catalogue.failOn?.test(sql)) throw new Error('ORA-01722: invalid number');
        calls.push({ sql, binds, autoCommit: opts.autoCommit });
        return { rowsAffected: (binds as unknown[]).length };
      },
      async commit() {
        calls.push({ sql: 'COMMIT', binds: undefined });
      },
      async rollback() {
        calls.push({ sql: 'ROLLBACK', binds: undefined });
      },
      async break() {},
      async close() {},
    } as unknown as oracledb.Connection;
  }

  private answer(
    sql: string,
    binds: unknown,
  ): { rows?: unknown[][]; metaData?: unknown[]; rowsAffected?: number } {
    const meta = [{ name: 'X' }];
    const tbl = (binds as { tbl?: string }).tbl;
    if (sql.startsWith('SELECT 1 FROM all_tables'))
      return { metaData: meta, rows: this.catalogue.tables.includes(tbl ?? '') ? [[1]] : [] };
    if (sql.startsWith('SELECT column_name'))
      return { metaData: meta, rows: (this.catalogue.columns ?? []).map((c) => [c]) };
    if (sql.includes('FETCH FIRST 1 ROWS ONLY'))
      return { metaData: meta, rows: this.catalogue.rows ? [[1]] : [] };
    return { rowsAffected: 0 };
  }

  sql(): string[] {
    return this.calls.map((c) => c.sql);
  }
}

function session(rec: DriverRecorder): OracleSession {
  return new OracleSession(rec.connection(), 4001, ['Ora-Pw-Secret']);
}

const csv = (text: string): Readable => Readable.from([Buffer.from(text)]);

describe('db_from_s3 into Oracle (statements and binds at the driver)', () => {
  it('truncate mode on an existing table: catalogue look-ups bind owner and name, DELETE, bound INSERT batches', async () => {
    const rec = new DriverRecorder({ tables: ['SALES'], columns: ['ID', 'NAME'] });
    const r = await loadDelimited(session(rec), {
      schema: 'Dw',
      table: 'Sales',
      mode: 'truncate',
      header: true,
      batchSize: 2,
      source: csv('id|name\n1|a\n2|b\n3|c\n'),
      delimiter: '|',
    });
    expect(r).toMatchObject({ table: 'dw.sales', rows: 3 });
    expect(rec.calls).toEqual([
      {
        sql: 'SELECT 1 FROM all_tables WHERE UPPER(owner) = :sch AND UPPER(table_name) = :tbl',
        binds: { sch: 'DW', tbl: 'SALES' },
        autoCommit: true,
      },
      { sql: 'DELETE FROM dw.sales', binds: [], autoCommit: false },
      {
        sql: 'SELECT column_name FROM all_tab_columns WHERE UPPER(owner) = :sch AND UPPER(table_name) = :tbl ORDER BY column_id',
        binds: { sch: 'DW', tbl: 'SALES' },
        autoCommit: false,
      },
      {
        sql: 'INSERT INTO dw.sales (ID, NAME) VALUES (:1, :2)',
        binds: [
          ['1', 'a'],
          ['2', 'b'],
        ],
        autoCommit: false,
      },
      { sql: 'INSERT INTO dw.sales (ID, NAME) VALUES (:1, :2)', binds: [['3', 'c']], autoCommit: false },
      { sql: 'COMMIT', binds: undefined },
    ]);
  });

  it('creates a missing table with the column DDL, outside the transaction, and drops it again when the load fails', async () => {
    const rec = new DriverRecorder({ tables: [], failOn: /INSERT/ });
    const err = await loadDelimited(session(rec), {
      table: 'fresh',
      mode: 'append',
      columns: ['id NUMBER(10)', 'name VARCHAR2(20)'],
      source: csv('x,y\n'),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOAD_FAILED', message: expect.stringContaining('ORA-01722') });
    expect(rec.calls).toEqual([
      {
        sql: "SELECT 1 FROM all_tables WHERE owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND UPPER(table_name) = :tbl",
        binds: { tbl: 'FRESH' },
        autoCommit: true,
      },
      { sql: 'CREATE TABLE fresh (id NUMBER(10), name VARCHAR2(20))', binds: [], autoCommit: true },
      { sql: 'ROLLBACK', binds: undefined },
      {
        sql: "BEGIN EXECUTE IMMEDIATE 'DROP TABLE fresh'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -942 THEN RAISE; END IF; END;",
        binds: [],
        autoCommit: true,
      },
    ]);
  });

  it('abort mode looks for a first row with FETCH FIRST (Oracle has no LIMIT) and refuses a table holding rows', async () => {
    const rec = new DriverRecorder({ tables: ['T'], columns: ['A'], rows: true });
    await expect(
      loadDelimited(session(rec), { schema: 's', table: 't', mode: 'abort', source: csv('1\n') }),
    ).rejects.toMatchObject({ message: 'Table s.t already contains data' });
    expect(rec.sql()).toContain('SELECT 1 FROM s.t FETCH FIRST 1 ROWS ONLY');
    expect(rec.sql().some((s) => s.startsWith('INSERT'))).toBe(false);
  });

  it('drop mode loads a staging table and renames it into place after the commit', async () => {
    const rec = new DriverRecorder({ tables: ['T'] });
    await loadDelimited(session(rec), {
      schema: 's',
      table: 't',
      mode: 'drop',
      columns: ['a NUMBER'],
      source: csv('1\n'),
    });
    const sql = rec.sql();
    const staging = /^CREATE TABLE s\.(t__lava_[0-9a-f]{8}) \(a NUMBER\)$/.exec(sql[1]!)?.[1];
    expect(staging).toBeDefined();
    expect(sql[2]).toBe(`INSERT INTO s.${staging} (a) VALUES (:1)`);
    expect(sql[3]).toBe('COMMIT');
    const swap = new RegExp(
      `^BEGIN EXECUTE IMMEDIATE 'ALTER TABLE s\\.t RENAME TO (t__lava_old_[0-9a-f]{8})'; ` +
        `EXECUTE IMMEDIATE 'ALTER TABLE s\\.${staging} RENAME TO t'; END;$`,
    ).exec(sql[4]!);
    expect(swap).not.toBeNull();
    expect(sql[5]).toBe(`DROP TABLE s.${swap![1]}`);
  });

  it('other engines refuse named binds instead of running a statement with placeholders unbound', async () => {
    const { SqliteSession } = await import('../session/sqlite.session');
    const Database = (await import('better-sqlite3')).default;
    const s = new SqliteSession(new Database(':memory:'));
    await expect(s.execute('SELECT :a', { binds: { a: '1' } })).rejects.toMatchObject({
      code: 'CONNECTION_UNSUPPORTED',
      message: 'sqlite3 sessions do not take named bind values',
    });
    await s.close();
  });
});
