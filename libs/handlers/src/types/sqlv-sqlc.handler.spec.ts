import { JobFailedError } from '@lava/core';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { payloadFiles, sqliteConnection, tempSqlite } from '../testing/sql-fixture';
import { SqlcHandler } from './sqlc.handler';
import { SqlvHandler } from './sqlv.handler';
import { readParquet } from '../testing/parquet-reader';

const sqlv = new SqlvHandler();
const sqlc = new SqlcHandler();

describe('sqlv and sqlc handlers on SQLite', () => {
  let db: { file: string; cleanup: () => void };
  let lite: Database.Database;
  beforeEach(() => {
    db = tempSqlite();
    lite = new Database(db.file);
    lite.exec(`CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')`);
  });
  afterEach(() => {
    lite.close();
    db.cleanup();
  });
  const context = (
    type: string,
    files: Record<string, string>,
    parameters: Record<string, unknown>,
    payload: unknown = Object.keys(files)[0],
  ) =>
    makeContext(makeJob({ type, payload, parameters: { conn_id: 'lite', ...parameters } }), {
      connections: { lite: sqliteConnection(db.file) },
      payloadFiles: payloadFiles(files),
    });

  it('sqlv renders whole files (with includes), appends every result set to one stdout and logs to stderr', async () => {
    const files = {
      'q/a.sql': "{% include 'b.inc' %}\nSELECT name FROM t WHERE id = {{ vars.id }};",
      'q/b.inc': 'SELECT count(*) AS n FROM t;',
    };
    const f = context('sqlv', files, { vars: { id: 2 }, header: true }, 'q/');
    const result = await sqlv.run(f.ctx);
    expect(result).toEqual({
      exit_status: 0,
      output: [
        {
          exit_status: 0,
          stdout: `${f.ctx.outputs.prefix}/stdout`,
          stderr: `${f.ctx.outputs.prefix}/stderr`,
        },
      ],
    });
    expect(readOutput(f, 'stdout')).toBe('n\r\n2\r\nname\r\nb\r\nn\r\n2\r\n');
    expect(readOutput(f, 'stderr')).toMatch(
      /INFO Running 3 statement\(s\) from 2 file\(s\)\n.*INFO a.sql statement 0: 1 row\(s\)/,
    );
  });

  it('sqlv jsonl format', async () => {
    const f = context('sqlv', { 'j.sql': 'SELECT id, name FROM t ORDER BY id' }, { format: 'jsonl' });
    await sqlv.run(f.ctx);
    expect(readOutput(f, 'stdout')).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n');
  });

  it('sqlv html format: one escaped table per result set, THEAD only with header', async () => {
    lite.exec(`INSERT INTO t VALUES (3, '<b>&"x''</b>'), (4, NULL)`);
    const f = context(
      'sqlv',
      { 'h.sql': 'SELECT id, name FROM t WHERE id > 2 ORDER BY id; SELECT 1 AS one' },
      { format: 'html', header: true },
    );
    await sqlv.run(f.ctx);
    expect(readOutput(f, 'stdout')).toBe(
      '<TABLE class="lava-sql">\n<THEAD><TR><TH>id</TH><TH>name</TH></TR></THEAD>\n<TBODY>\n' +
        '<TR><TD>3</TD><TD>&lt;b&gt;&amp;&#34;x&#39;&lt;/b&gt;</TD></TR>\n<TR><TD>4</TD><TD>None</TD></TR>\n' +
        '</TBODY>\n</TABLE>\n' +
        '<TABLE class="lava-sql">\n<THEAD><TR><TH>one</TH></TR></THEAD>\n<TBODY>\n<TR><TD>1</TD></TR>\n</TBODY>\n</TABLE>\n',
    );
  });

  it('sqlv parquet format: the result set read back with a parquet reader', async () => {
    const f = context(
      'sqlv',
      { 'p.sql': 'SELECT id, name, id * 1.5 AS x FROM t ORDER BY id' },
      { format: 'parquet' },
    );
    await sqlv.run(f.ctx);
    const rows = await readParquet(f.outputs.get('stdout')!);
    expect(rows).toEqual([
      { id: 1n, name: 'a', x: 1.5 },
      { id: 2n, name: 'b', x: 3 },
    ]);
  });

  it('sqlv parquet format refuses a second result set instead of writing an unreadable object', async () => {
    const f = context('sqlv', { 'p.sql': 'SELECT 1 AS a; SELECT 2 AS b' }, { format: 'parquet' });
    await expect(sqlv.run(f.ctx)).rejects.toThrow(
      'format parquet holds one result set; p.sql statement 1 returned another (run it as its own job)',
    );
  });

  it('sqlv transaction rolls back on failure and still uploads what it wrote', async () => {
    const f = context(
      'sqlv',
      { 'x.sql': "INSERT INTO t VALUES (3, 'c'); SELECT count(*) FROM t; SELECT nope FROM t;" },
      { transaction: true },
    );
    const err = (await sqlv.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toMatch(/no such column: nope/);
    expect(err.data).toMatchObject({
      exit_status: 1,
      output: [{ exit_status: 1, stdout: `${f.ctx.outputs.prefix}/stdout` }],
    });
    expect(readOutput(f, 'stdout')).toBe('3\r\n');
    expect(readOutput(f, 'stderr')).toMatch(/ERROR .*no such column/);
    expect(lite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
  });

  it('sqlv whole-run timeout cancels and reports exit status 28', async () => {
    const f = context(
      'sqlv',
      { 'slow.sql': 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c' },
      { timeout: '0.4s', batch_size: 100 },
    );
    const err = (await sqlv.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('Timed out after 0.4 seconds');
    expect(err.data).toMatchObject({ exit_status: 28 });
  });

  it('sqlv rejects unknown formats and levels', async () => {
    await expect(sqlv.run(context('sqlv', { 'a.sql': 'SELECT 1' }, { format: 'xml' }).ctx)).rejects.toThrow(
      'format xml is not supported (csv, jsonl, html, parquet)',
    );
    await expect(sqlv.run(context('sqlv', { 'a.sql': 'SELECT 1' }, { level: 'loud' }).ctx)).rejects.toThrow(
      'Bad level: loud',
    );
  });

  it('sqlc feeds each rendered file to the sqlite3 client and uploads its streams', async () => {
    const f = context(
      'sqlc',
      { 'c/a.sql': 'SELECT name FROM t WHERE id = {{ vars.id }};\n' },
      { vars: { id: 1 }, args: ['-csv'] },
      'c/a.sql',
    );
    const result = await sqlc.run(f.ctx);
    expect(result).toEqual({
      exit_status: 0,
      output: [{ payload: 'a.sql', exit_status: 0, stdout: `${f.ctx.outputs.prefix}/a.sql.stdout` }],
    });
    expect(readOutput(f, 'a.sql.stdout')).toBe('a\n');
  });

  it('sqlc stops at the first failing file (sqlite3 -bail)', async () => {
    const f = context(
      'sqlc',
      {
        'c/1.sql': "INSERT INTO t VALUES (5, 'e');\nSELECT bogus FROM t;\nINSERT INTO t VALUES (6, 'f');\n",
        'c/2.sql': 'SELECT 1;',
      },
      {},
      'c/',
    );
    const err = (await sqlc.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toMatch(/^Failed with exit status [1-9]/);
    expect(String((err.data as { error: string }).error)).toMatch(/no such column: bogus/);
    expect((err.data as { output: unknown[] }).output).toHaveLength(1);
    expect(lite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
  });

  it('sqlc renders templates before running anything and fails clearly on a bad template', async () => {
    const f = context('sqlc', { 'c/b.sql': "{% include '../etc/passwd' %}" }, {}, 'c/b.sql');
    await expect(sqlc.run(f.ctx)).rejects.toThrow(
      'Template render failed on b.sql: include ../etc/passwd: only sibling payload files can be included',
    );
    expect(readFileSync(db.file).length).toBeGreaterThan(0);
  });

  it('sqlc fails clearly when the client is not installed', async () => {
    const f = context('sqlc', { 'c/a.sql': 'SELECT 1;' }, {}, 'c/a.sql');
    f.ctx.baseEnv = { PATH: '/nonexistent' };
    const err = (await sqlc.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toMatchObject({ code: 'CLIENT_UNAVAILABLE', message: 'No sqlite3 client available' });
  });
});
