import { JobFailedError } from '@lava/core';
import { gzipSync } from 'node:zlib';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { openTestDb, TestBucket, unique, type TestDb } from '../testing/sql-int.support';
import { DbFromS3Handler } from './db-from-s3.handler';

const aws = useAwsEndpoint();
const COLUMNS = ['id INTEGER', 'name VARCHAR(40)', 'note VARCHAR(40)'];
const CSV = 'id,name,note\n1,"a, b","say ""hi"""\n2,"multi\nline",\n3,plain,x\n';
const SCHEMA: Record<TestDb['name'], string> = { postgres: 'public', mariadb: 'test', sqlite: 'main' };

describe.each(['postgres', 'mariadb', 'sqlite'] as const)('db_from_s3 into %s', (name) => {
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
  const tableName = (): string => {
    const t = unique('lv_load');
    tables.push(t, `${t}_a`, `${t}_b`);
    return t;
  };
  const source = async (body: string | Buffer, suffix = '.csv'): Promise<string> => {
    const key = `in/${unique('src')}${suffix}`;
    await bucket.put(key, body);
    return key;
  };
  const load = (parameters: Record<string, unknown>) =>
    new DbFromS3Handler().run(
      bucket.context(
        {
          type: 'db_from_s3',
          payload: null,
          parameters: { db_conn_id: 'db', bucket: bucket.name, schema: SCHEMA[name], ...parameters },
        },
        { db: db.connection },
      ).ctx,
    );
  const rows = async (t: string): Promise<unknown[][]> =>
    (await db.admin.execute(`SELECT id, name, note FROM ${t} ORDER BY id`)).rows!.map((r) => [
      Number(r[0]),
      r[1],
      r[2],
    ]);
  const expected = [
    [1, 'a, b', 'say "hi"'],
    [2, 'multi\nline', null],
    [3, 'plain', 'x'],
  ];

  const methods = name === 'postgres' ? (['copy', 'insert'] as const) : (['insert'] as const);
  it.each(methods)('creates and loads quoted CSV from S3 (%s)', async (method) => {
    const t = tableName();
    const key = await source(CSV);
    const result = await load({
      key,
      table: t,
      mode: 'append',
      columns: COLUMNS,
      args: ['HEADER'],
      method,
      batch_size: 2,
    });
    expect(result).toMatchObject({ exit_status: 0, key, rows: 3 });
    expect(await rows(t)).toEqual(expected);
  });

  it('truncate, delete, append and drop on an existing table', async () => {
    const t = tableName();
    await db.admin.execute(`CREATE TABLE ${t} (id INTEGER, name VARCHAR(40), note VARCHAR(40))`);
    await db.admin.execute(`INSERT INTO ${t} VALUES (9, 'old', NULL)`);
    const one = await source('1,x,\n');
    await load({ key: one, table: t, mode: 'append' });
    expect(await rows(t)).toEqual([
      [1, 'x', null],
      [9, 'old', null],
    ]);
    await load({ key: one, table: t, mode: 'truncate' });
    expect(await rows(t)).toEqual([[1, 'x', null]]);
    await load({ key: await source('2,y,z\n'), table: t, mode: 'delete' });
    expect(await rows(t)).toEqual([[2, 'y', 'z']]);
    await load({
      key: await source(gzipSync(CSV), '.csv.gz'),
      table: t,
      mode: 'drop',
      columns: COLUMNS,
      args: ['GZIP', 'HEADER true'],
    });
    expect(await rows(t)).toEqual(expected);
  });

  it('abort loads an empty table and refuses one with rows', async () => {
    const t = tableName();
    const key = await source('1,x,\n');
    await load({ key, table: t, mode: 'abort', columns: COLUMNS });
    const err = (await load({ key, table: t, mode: 'abort', columns: COLUMNS }).catch(
      (e: unknown) => e,
    )) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.message).toMatch(/^Copy failed: Table .* already contains data$/);
    expect(await rows(t)).toEqual([[1, 'x', null]]);
  });

  it('switch alternates between <table>_a and <table>_b', async () => {
    const t = tableName();
    const first = await load({ key: await source('1,x,\n'), table: t, mode: 'switch', columns: COLUMNS });
    const second = await load({ key: await source('2,y,\n'), table: t, mode: 'switch', columns: COLUMNS });
    expect(String(first.table)).toContain(`${t}_a`);
    expect(String(second.table)).toContain(`${t}_b`);
    expect(await rows(`${t}_a`)).toEqual([]);
    expect(await rows(`${t}_b`)).toEqual([[2, 'y', null]]);
  });

  it('a failing load leaves the target exactly as before (truncate mode, bad last row)', async () => {
    const t = tableName();
    await db.admin.execute(`CREATE TABLE ${t} (id INTEGER, name VARCHAR(40), note VARCHAR(40))`);
    await db.admin.execute(`INSERT INTO ${t} VALUES (9, 'keep', NULL)`);
    const key = await source('1,x,\n2,y,\n3,short\n');
    const err = (await load({ key, table: t, mode: 'truncate', batch_size: 1 }).catch(
      (e: unknown) => e,
    )) as JobFailedError;
    expect(err.message).toMatch(/^Copy failed: Expected 3 columns but got 2/);
    expect(err.data).toMatchObject({ exit_status: 1, bucket: bucket.name, key });
    expect(await rows(t)).toEqual([[9, 'keep', null]]);
  });

  it('a failing create-and-load leaves no table behind (drop mode with a bad row)', async () => {
    const t = tableName();
    const err = (await load({
      key: await source('1,x,\n2,only-two\n'),
      table: t,
      mode: 'drop',
      columns: COLUMNS,
    }).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    const catalogue: Record<TestDb['name'], string> = {
      postgres: `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '${t}'`,
      mariadb: `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'test' AND table_name = '${t}'`,
      sqlite: `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '${t}'`,
    };
    expect(Number((await db.admin.execute(catalogue[name])).rows![0]![0])).toBe(0);
  });

  it('skip_missing and min_size are checked with S3 HEAD before the target is touched', async () => {
    const t = tableName();
    await db.admin.execute(`CREATE TABLE ${t} (id INTEGER, name VARCHAR(40), note VARCHAR(40))`);
    await db.admin.execute(`INSERT INTO ${t} VALUES (9, 'keep', NULL)`);
    const missing = `in/${unique('absent')}.csv`;
    expect(await load({ key: missing, table: t, mode: 'truncate', skip_missing: true })).toMatchObject({
      exit_status: 0,
      events: ['Skipped missing object'],
    });
    await expect(load({ key: missing, table: t, mode: 'truncate' })).rejects.toThrow(
      `Copy failed: No such object: s3://${bucket.name}/${missing}`,
    );
    const runt = await source('1,x,\n');
    expect(await load({ key: runt, table: t, mode: 'truncate', min_size: 100 })).toMatchObject({
      exit_status: 0,
      rows: 0,
    });
    expect(await rows(t)).toEqual([[9, 'keep', null]]);
  });
});
