import { JobFailedError } from '@lava/core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { payloadFiles, sqliteConnection, tempSqlite, useJinja } from '../testing/sql-fixture';
import { SqlHandler } from './sql.handler';
import { SqliHandler } from './sqli.handler';

const sqli = new SqliHandler();
const sql = new SqlHandler();

describe('sql and sqli handlers on SQLite', () => {
  let db: { file: string; cleanup: () => void };
  let lite: Database.Database;
  beforeEach(() => {
    db = tempSqlite();
    lite = new Database(db.file);
    lite.exec(
      `CREATE TABLE t (id INTEGER, name TEXT, note TEXT); INSERT INTO t VALUES (1, 'plain', NULL), (2, 'has|pipe', 'say "hi"'), (3, 'multi\nline', '')`,
    );
  });
  afterEach(() => {
    lite.close();
    db.cleanup();
  });
  const context = (
    type: string,
    payload: unknown,
    parameters: Record<string, unknown>,
    extra: Parameters<typeof makeContext>[1] = {},
  ) =>
    makeContext(makeJob({ type, payload, parameters: { conn_id: 'lite', ...parameters } }), {
      connections: { lite: sqliteConnection(db.file) },
      ...extra,
    });

  it('sqli writes <m>.<n>.out per result set byte-exact, keyed by payload element', async () => {
    const f = context(
      'sqli',
      [
        'SELECT id, name, note FROM t ORDER BY id;',
        'UPDATE t SET note = NULL WHERE id = 9;\nSELECT count(*) AS n FROM t',
      ],
      { header: true },
    );
    const result = await sqli.run(f.ctx);
    const prefix = f.ctx.outputs.prefix;
    expect(result).toEqual({
      exit_status: 0,
      output: { '0': [`${prefix}/0.0.out`], '1': [`${prefix}/1.1.out`] },
    });
    expect(readOutput(f, '0.0.out')).toBe(
      'id|name|note\r\n1|plain|\r\n2|"has|pipe"|"say ""hi"""\r\n3|"multi\nline"|\r\n',
    );
    expect(readOutput(f, '1.1.out')).toBe('n\r\n3\r\n');
    expect(readFileSync(join(f.ctx.runDir, '0.0.out'), 'utf8')).toBe(readOutput(f, '0.0.out'));
  });

  it('sql names outputs [output/]<file>.<n>.out, keeps empty-piece indexes and leaves local copies', async () => {
    const files = payloadFiles({
      'etl/q.sql': 'SELECT 1 AS a;\n;\n-- only a comment\nSELECT name FROM t WHERE id = 2;',
    });
    const f = context(
      'sql',
      'etl/q.sql',
      { output: 'res', quoting: 'all', dialect: 'unix', delimiter: ',' },
      { payloadFiles: files },
    );
    const result = await sql.run(f.ctx);
    const prefix = f.ctx.outputs.prefix;
    expect(result).toEqual({
      exit_status: 0,
      output: { 'q.sql': [`${prefix}/res/q.sql.0.out`, `${prefix}/res/q.sql.2.out`] },
    });
    expect(readOutput(f, 'res/q.sql.0.out')).toBe('"1"\n');
    expect(readOutput(f, 'res/q.sql.2.out')).toBe('"has|pipe"\n');
    expect(existsSync(join(f.ctx.runDir, 'res', 'q.sql.2.out'))).toBe(true);
  });

  it('renders each statement after splitting, with vars', async () => {
    const f = context('sqli', "SELECT name FROM t WHERE id = {{ vars.id }}; SELECT '{{ job.job_id }}' AS j", {
      vars: { id: 3 },
    });
    await sqli.run(f.ctx);
    expect(readOutput(f, '0.0.out')).toBe('"multi\nline"\r\n');
    expect(readOutput(f, '0.1.out')).toBe('demo/job\r\n');
  });

  it('render_first renders the whole text before splitting, so loops may emit statements', async () => {
    const text =
      "{% for i in vars.ids %}INSERT INTO t (id, name) VALUES ({{ i }}, 'n{{ i }}');{% endfor %}\nSELECT count(*) FROM t";
    const per = context('sqli', text, { vars: { ids: [7, 8] } });
    useJinja(per.ctx);
    await expect(sqli.run(per.ctx)).rejects.toThrow(/Template render failed on 0\[0\]/);
    const whole = context('sqli', text, { vars: { ids: [7, 8] }, render_first: true });
    useJinja(whole.ctx);
    await sqli.run(whole.ctx);
    expect(readOutput(whole, '0.2.out')).toBe('5\r\n');
  });

  it('jinja false leaves templates alone', async () => {
    const f = context('sqli', "SELECT '{{ x }}' AS v", { jinja: false });
    await sqli.run(f.ctx);
    expect(readOutput(f, '0.0.out')).toBe('{{ x }}\r\n');
  });

  it('transaction: a failing statement rolls back every earlier one and reports where it failed', async () => {
    const f = context(
      'sqli',
      [
        "INSERT INTO t VALUES (4, 'four', NULL)",
        'SELECT id FROM t WHERE id = 4; SELECT * FROM missing_table',
      ],
      { transaction: true },
    );
    const err = (await sqli.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.message).toMatch(/^1 statement 1: .*missing_table/);
    expect(err.data).toMatchObject({
      exit_status: 1,
      statement_index: 1,
      output: { '0': [], '1': [`${f.ctx.outputs.prefix}/1.0.out`] },
    });
    expect(readOutput(f, '1.0.out')).toBe('4\r\n');
    expect(lite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
  });

  it('without transaction earlier statements stay committed after a failure', async () => {
    const f = context('sqli', "INSERT INTO t VALUES (4, 'four', NULL); SELECT * FROM missing_table", {});
    await expect(sqli.run(f.ctx)).rejects.toThrow(/missing_table/);
    expect(lite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 });
  });

  it('raw runs the text as one statement', async () => {
    const f = context('sqli', 'SELECT 41 + 1 AS v;;', { raw: true });
    await sqli.run(f.ctx);
    expect(readOutput(f, '0.0.out')).toBe('42\r\n');
  });

  it('CSV options come from parameters over config SQL_* over the defaults', async () => {
    const f = context(
      'sqli',
      'SELECT id, note FROM t WHERE id = 2',
      { escapechar: '\\', doublequote: 'false' },
      { config: { SQL_DELIMITER: ';', SQL_DIALECT: 'unix' } },
    );
    await sqli.run(f.ctx);
    expect(readOutput(f, '0.0.out')).toBe('2;say \\"hi\\"\n');
  });

  it('header "false" (a string) means false: one boolean rule', async () => {
    const f = context('sqli', 'SELECT 1 AS a', { header: 'false' });
    await sqli.run(f.ctx);
    expect(readOutput(f, '0.0.out')).toBe('1\r\n');
  });

  it('rejects bad parameters before connecting', async () => {
    await expect(sqli.run(context('sqli', 'SELECT 1', { nope: 1 }).ctx)).rejects.toThrow(
      'Unexpected keys: nope',
    );
    await expect(sqli.run(context('sqli', 'SELECT 1', { quoting: 'weird' }).ctx)).rejects.toThrow(
      'Bad quoting style',
    );
    await expect(sqli.run(context('sqli', 'SELECT 1', { output: '../x' }).ctx)).rejects.toThrow(
      'Bad output parameter: Must be alphanumeric',
    );
    await expect(sqli.run(context('sqli', 'SELECT 1', { header: 'maybe' }).ctx)).rejects.toThrow(
      'header must be a boolean',
    );
    await expect(
      sqli.run(makeContext(makeJob({ type: 'sqli', payload: 'SELECT 1', parameters: {} })).ctx),
    ).rejects.toThrow('Missing keys: conn_id');
    await expect(sqli.run(context('sqli', 42, {}).ctx)).rejects.toThrow(
      'payload must be a string or a list of strings',
    );
  });

  it('refuses a connection that is not a database without echoing it', async () => {
    const f = makeContext(makeJob({ type: 'sqli', payload: 'SELECT 1', parameters: { conn_id: 'hook' } }), {
      connections: { hook: { kind: 'slack', webhookUrl: 'https://hooks.example/secret-token' } },
    });
    const err = (await sqli.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('Connection hook is not a database connection');
    expect(JSON.stringify(err.data)).not.toContain('secret-token');
  });

  it('statement_timeout cancels a long statement', async () => {
    const f = context(
      'sqli',
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c',
      { statement_timeout: '0.3s', batch_size: 100 },
    );
    const err = (await sqli.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('0 statement 0 timed out after 0.3 seconds and was cancelled');
    expect(err.data).toMatchObject({ exit_status: 28 });
  });

  it('timeout bounds the whole run and cancels the running statement', async () => {
    const f = context(
      'sqli',
      ['SELECT 1', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c'],
      { timeout: '0.3s', batch_size: 100 },
    );
    const err = (await sqli.run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('Timed out after 0.3 seconds; 1 statement 0 cancelled');
    expect(err.data).toMatchObject({
      exit_status: 28,
      output: { '0': [`${f.ctx.outputs.prefix}/0.0.out`], '1': [] },
    });
  });
});
