import { JobFailedError, type HandlerResult } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { openTestDb, SECRET_MARKER, TestBucket, unique, type TestDb } from '../testing/sql-int.support';
import { SqlHandler } from './sql.handler';
import { SqlcHandler } from './sqlc.handler';
import { SqliHandler } from './sqli.handler';
import { SqlvHandler } from './sqlv.handler';
import { parquetColumns, readParquet } from '../testing/parquet-reader';

const aws = useAwsEndpoint();
const CLIENT_ARGS: Record<TestDb['name'], string[]> = {
  postgres: ['--no-align', '--tuples-only'],
  mariadb: ['--skip-column-names'],
  sqlite: [],
};

async function failure(p: Promise<HandlerResult>): Promise<JobFailedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JobFailedError)) throw new Error(`expected a JobFailedError, got ${String(err)}`);
  return err;
}

describe.each(['postgres', 'mariadb', 'sqlite'] as const)('SQL jobs on %s', (name) => {
  let db: TestDb;
  let bucket: TestBucket;
  const tables: string[] = [];
  beforeAll(async () => {
    db = await openTestDb(name);
    bucket = new TestBucket(aws.url());
    await bucket.create();
  });
  afterAll(async () => {
    for (const t of tables) await db.admin.execute(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    await db.close();
    bucket.s3.destroy();
  });
  const table = async (): Promise<string> => {
    const t = unique('lv_sqljob');
    tables.push(t);
    await db.admin.execute(`CREATE TABLE ${t} (id INTEGER, name VARCHAR(50), note VARCHAR(50))`);
    await db.admin.execute(
      `INSERT INTO ${t} VALUES (1, 'plain', NULL), (2, 'has|pipe', 'say "hi"'), (3, 'multi\nline', '')`,
    );
    return t;
  };
  const rowCount = async (t: string): Promise<number> =>
    Number((await db.admin.execute(`SELECT COUNT(*) FROM ${t}`)).rows![0]![0]);
  const context = (type: string, payload: unknown, parameters: Record<string, unknown>) =>
    bucket.context({ type, payload, parameters: { conn_id: 'db', ...parameters } }, { db: db.connection });
  /** Runs `start()`, waits until the marked statement is on the server, then returns the failure. */
  const cancelled = async (marker: string, start: () => Promise<HandlerResult>): Promise<JobFailedError> => {
    const run = failure(start());
    if (db.isRunning)
      await pollUntil(async () => ((await db.isRunning!(marker)) ? true : undefined), {
        timeoutMs: 5000,
        what: 'statement running on the server',
      });
    return run;
  };
  const gone = async (marker: string): Promise<void> => {
    if (db.isRunning)
      await pollUntil(async () => ((await db.isRunning!(marker)) ? undefined : true), {
        timeoutMs: 5000,
        what: 'statement gone from the server',
      });
  };

  it('sql: runs S3 payload files and writes each result set to S3 byte-exact', async () => {
    const t = await table();
    const dir = unique('q');
    const f = context('sql', `${dir}/`, { header: true, output: 'res', vars: { id: 2 } });
    await bucket.put(
      `payloads/${dir}/a.sql`,
      `SELECT id, name, note FROM ${t} ORDER BY id;\nUPDATE ${t} SET note = 'x' WHERE id = 99;\nSELECT COUNT(*) AS n FROM ${t};`,
    );
    await bucket.put(`payloads/${dir}/b.sql`, `SELECT name FROM ${t} WHERE id = {{ vars.id }}`);
    const result = await new SqlHandler().run(f.ctx);
    const prefix = f.ctx.outputs.prefix;
    expect(result).toEqual({
      exit_status: 0,
      output: {
        'a.sql': [`${prefix}/res/a.sql.0.out`, `${prefix}/res/a.sql.2.out`],
        'b.sql': [`${prefix}/res/b.sql.0.out`],
      },
    });
    expect((await bucket.read(`${prefix}/res/a.sql.0.out`)).toString('utf8')).toBe(
      'id|name|note\r\n1|plain|\r\n2|"has|pipe"|"say ""hi"""\r\n3|"multi\nline"|\r\n',
    );
    expect((await bucket.read(`${prefix}/res/a.sql.2.out`)).toString('utf8')).toBe('n\r\n3\r\n');
    expect((await bucket.read(`${prefix}/res/b.sql.0.out`)).toString('utf8')).toBe('name\r\n"has|pipe"\r\n');
  });

  it('sqli: a failing statement in a transaction rolls back everything; no secret in the failure', async () => {
    const t = await table();
    const f = context(
      'sqli',
      [
        `INSERT INTO ${t} VALUES (4, 'four', NULL); DELETE FROM ${t} WHERE id = 1`,
        `SELECT COUNT(*) FROM ${t}`,
        `SELECT no_such_column FROM ${t}`,
      ],
      { transaction: true, quoting: 'nonnumeric', dialect: 'unix' },
    );
    const err = await failure(new SqliHandler().run(f.ctx));
    expect(err.message).toMatch(/^2 statement 0: .*no_such_column/);
    expect(err.data).toMatchObject({
      exit_status: 1,
      output: { '0': [], '1': [`${f.ctx.outputs.prefix}/1.0.out`] },
    });
    expect((await bucket.read(`${f.ctx.outputs.prefix}/1.0.out`)).toString('utf8')).toBe('3\n');
    expect(await rowCount(t)).toBe(3);
    expect(JSON.stringify({ message: err.message, data: err.data }) + f.logLines.join('\n')).not.toContain(
      SECRET_MARKER,
    );
  });

  it('sqli: statement_timeout cancels the statement on the server', async () => {
    const marker = unique('lv_slow');
    const f = context('sqli', db.slowSql(marker), { statement_timeout: '0.5s', batch_size: 100 });
    const started = Date.now();
    const err = await cancelled(marker, () => new SqliHandler().run(f.ctx));
    expect(err.message).toBe('0 statement 0 timed out after 0.5 seconds and was cancelled');
    expect(err.data).toMatchObject({ exit_status: 28 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await gone(marker);
  });

  it('sqlv: splits lava-side, one transaction across files, rollback on failure', async () => {
    const t = await table();
    const dir = unique('v');
    const f = context('sqlv', [`${dir}/1.sql`, `${dir}/2.sql`], { transaction: true, header: true });
    await bucket.put(
      `payloads/${dir}/1.sql`,
      `DELETE FROM ${t} WHERE id = 3;\nSELECT id FROM ${t} ORDER BY id;`,
    );
    await bucket.put(`payloads/${dir}/2.sql`, `SELECT broken syntax here FROM;`);
    const err = await failure(new SqlvHandler().run(f.ctx));
    expect(err.data).toMatchObject({
      exit_status: 1,
      output: [
        {
          exit_status: 1,
          stdout: `${f.ctx.outputs.prefix}/stdout`,
          stderr: `${f.ctx.outputs.prefix}/stderr`,
        },
      ],
    });
    expect((await bucket.read(`${f.ctx.outputs.prefix}/stdout`)).toString('utf8')).toBe('id\r\n1\r\n2\r\n');
    expect(await rowCount(t)).toBe(3);
  });

  it('sqlv: parquet output read back with a parquet reader; html output escaped', async () => {
    const t = await table();
    const dir = unique('pq');
    await bucket.put(`payloads/${dir}/q.sql`, `SELECT id, name, note FROM ${t} ORDER BY id`);
    const pq = context('sqlv', `${dir}/q.sql`, { format: 'parquet' });
    await new SqlvHandler().run(pq.ctx);
    const bytes = await bucket.read(`${pq.ctx.outputs.prefix}/stdout`);
    expect(parquetColumns(bytes)).toEqual([
      { name: 'id', type: 'INT64', converted: undefined },
      { name: 'name', type: 'BYTE_ARRAY', converted: 'UTF8' },
      { name: 'note', type: 'BYTE_ARRAY', converted: 'UTF8' },
    ]);
    expect(await readParquet(bytes)).toEqual([
      { id: 1n, name: 'plain', note: null },
      { id: 2n, name: 'has|pipe', note: 'say "hi"' },
      { id: 3n, name: 'multi\nline', note: '' },
    ]);
    const html = context('sqlv', `${dir}/q.sql`, { format: 'html' });
    await new SqlvHandler().run(html.ctx);
    expect((await bucket.read(`${html.ctx.outputs.prefix}/stdout`)).toString('utf8')).toBe(
      '<TABLE class="lava-sql">\n<TBODY>\n<TR><TD>1</TD><TD>plain</TD><TD>None</TD></TR>\n' +
        '<TR><TD>2</TD><TD>has|pipe</TD><TD>say &#34;hi&#34;</TD></TR>\n' +
        '<TR><TD>3</TD><TD>multi\nline</TD><TD></TD></TR>\n</TBODY>\n</TABLE>\n',
    );
  });

  it('sqlv: the whole-run timeout cancels the running statement on the server', async () => {
    const marker = unique('lv_slowv');
    const f = context('sqlv', `${unique('p')}/slow.sql`, { timeout: '0.6s', batch_size: 100 });
    await bucket.put(`payloads/${String(f.ctx.job.payload)}`, `SELECT 1;\n${db.slowSql(marker)};`);
    const err = await cancelled(marker, () => new SqlvHandler().run(f.ctx));
    expect(err.message).toBe('Timed out after 0.6 seconds');
    expect(err.data).toMatchObject({ exit_status: 28 });
    await gone(marker);
  });

  it("sqlc: runs each file through the database's own client, streams to S3", async () => {
    const t = await table();
    const f = context('sqlc', `${unique('c')}/count.sql`, { args: CLIENT_ARGS[name], vars: { id: 2 } });
    await bucket.put(
      `payloads/${String(f.ctx.job.payload)}`,
      `SELECT COUNT(*) FROM ${t} WHERE id <= {{ vars.id }};\n`,
    );
    const result = await new SqlcHandler().run(f.ctx);
    expect(result).toEqual({
      exit_status: 0,
      output: [{ payload: 'count.sql', exit_status: 0, stdout: `${f.ctx.outputs.prefix}/count.sql.stdout` }],
    });
    expect((await bucket.read(`${f.ctx.outputs.prefix}/count.sql.stdout`)).toString('utf8')).toBe('2\n');
  });

  it('sqlc: a SQL error fails the job with the client exit status and stderr', async () => {
    const f = context('sqlc', `${unique('c')}/bad.sql`, {});
    await bucket.put(
      `payloads/${String(f.ctx.job.payload)}`,
      `SELECT * FROM lv_no_such_table_${unique('x')};\n`,
    );
    const err = await failure(new SqlcHandler().run(f.ctx));
    expect(err.message).toMatch(/^Failed with exit status [1-9]/);
    expect(String((err.data as { error: string }).error)).toMatch(/lv_no_such_table/);
    expect((await bucket.read(`${f.ctx.outputs.prefix}/bad.sql.stderr`)).toString('utf8')).toMatch(
      /lv_no_such_table/,
    );
  });

  it('sqlc: on timeout the client is interrupted and the statement leaves the server', async () => {
    const marker = unique('lv_slowc');
    const f = context('sqlc', `${unique('c')}/slow.sql`, { timeout: '1s' });
    await bucket.put(`payloads/${String(f.ctx.job.payload)}`, `${db.slowSql(marker)};\n`);
    const err = await cancelled(marker, () => new SqlcHandler().run(f.ctx));
    expect(err.message).toBe('Timed out after 1.0 seconds');
    expect(err.data).toMatchObject({ exit_status: 28 });
    await gone(marker);
  });
});
