import { JobFailedError } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { createDefaultRegistry, type ResolvedDbConnection, type SqlSession } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { TestBucket, unique } from '../testing/sql-int.support';
import { DbFromS3Handler } from './db-from-s3.handler';

/**
 * RDS / Aurora PostgreSQL server-side load against real PostgreSQL. The `aws_s3` extension exists
 * only on RDS, so each run creates its own database holding a STAND-IN `aws_s3.table_import_from_s3`
 * with the extension's signature: it records its arguments and inserts one row into the named
 * table (proving the call runs inside the load's transaction). What is tested is the exact call
 * the job issues and the modes/transaction around it — not Amazon's import itself.
 */
const aws = useAwsEndpoint();
const registry = createDefaultRegistry();
const PW = 'Rds-Pw-Marker-77';

const STAND_IN = `
CREATE SCHEMA aws_s3;
CREATE TABLE aws_s3.calls (n serial, table_name text, column_list text, options text, bucket text,
  file_path text, region text, access_key text, secret_key text, session_token text);
CREATE FUNCTION aws_s3.table_import_from_s3(table_name text, column_list text, options text,
  bucket text, file_path text, region text, access_key text, secret_key text, session_token text)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO aws_s3.calls (table_name, column_list, options, bucket, file_path, region, access_key, secret_key, session_token)
    VALUES (table_name, column_list, options, bucket, file_path, region, access_key, secret_key, session_token);
  EXECUTE format('INSERT INTO %s (id, name) VALUES (1, %L)', table_name, file_path);
  RETURN '1 rows imported into relation ' || table_name || ' from file ' || file_path;
END $$;`;

describe('db_from_s3 into RDS PostgreSQL (aws_s3.table_import_from_s3 stand-in on real PostgreSQL)', () => {
  const dbName = unique('lv_rds');
  let admin: SqlSession;
  let rds: ResolvedDbConnection;
  let session: SqlSession;
  let bucket: TestBucket;
  beforeAll(async () => {
    const spec = {
      conn_id: 'rds',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: '/pw',
    };
    const secrets = new InMemorySecrets({ '/pw': PW });
    admin = await registry.connect(
      await registry.resolve({ ...spec, type: 'postgres', database: 'test' }, { secrets }),
    );
    await admin.execute(`CREATE DATABASE ${dbName}`);
    rds = (await registry.resolve(
      { ...spec, type: 'postgres-rds', database: dbName },
      { secrets },
    )) as ResolvedDbConnection;
    session = await registry.connect(rds);
    for (const stmt of STAND_IN.split(/;\n(?=CREATE)/)) await session.execute(stmt);
    bucket = new TestBucket(aws.url());
    await bucket.create();
    await bucket.put('in/a.csv', 'id,name\n5,x\n');
    await bucket.put('in/b.csv', 'id,name\n6,y\n');
    await bucket.put(
      'in/list.manifest',
      JSON.stringify({
        entries: [
          { url: `s3://${bucket.name}/in/a.csv`, mandatory: true },
          { url: `s3://${bucket.name}/in/b.csv`, mandatory: true },
        ],
      }),
    );
  });
  afterAll(async () => {
    await session.close();
    await admin.execute(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.close();
    bucket.s3.destroy();
  });
  const load = (parameters: Record<string, unknown>, connections: Record<string, unknown> = {}) => {
    const f = bucket.context(
      {
        type: 'db_from_s3',
        payload: null,
        parameters: { db_conn_id: 'rds', bucket: bucket.name, schema: 'public', ...parameters },
      },
      { rds },
    );
    const get = f.ctx.connections.get.bind(f.ctx.connections);
    f.ctx.connections = { get: async (id) => (connections[id] as Record<string, unknown>) ?? get(id) };
    return new DbFromS3Handler().run({ ...f.ctx, baseEnv: { AWS_REGION: 'ap-southeast-2' } });
  };
  const calls = async (): Promise<unknown[][]> =>
    (
      await session.execute(
        'SELECT table_name, column_list, options, bucket, file_path, region, access_key, secret_key, session_token FROM aws_s3.calls ORDER BY n',
      )
    ).rows!;

  it('creates the table, calls table_import_from_s3 with the original arguments, commits', async () => {
    const result = await load({
      key: 'in/a.csv',
      table: 'Sales',
      mode: 'append',
      columns: ['id INTEGER', 'name TEXT'],
      args: ['FORMAT csv', 'HEADER'],
    });
    expect(await calls()).toEqual([
      [
        '"public"."sales"',
        '"id","name"',
        '(FORMAT csv, HEADER)',
        bucket.name,
        'in/a.csv',
        'ap-southeast-2',
        '',
        '',
        '',
      ],
    ]);
    expect((await session.execute('SELECT id, name FROM public.sales')).rows).toEqual([[1, 'in/a.csv']]);
    expect(result).toMatchObject({ exit_status: 0, rows: 1, table: '"public"."sales"' });
    expect(result.events).toContain(
      `COPY command: SELECT aws_s3.table_import_from_s3('"public"."sales"', '"id","name"', '(FORMAT csv, HEADER)', '${bucket.name}', 'in/a.csv', 'ap-southeast-2', '', '', '')`,
    );
  });

  it('a manifest is read by the worker and imported entry by entry; s3_conn_id keys are passed, masked in events', async () => {
    await session.execute('DELETE FROM aws_s3.calls');
    const keys = {
      kind: 'aws',
      connId: 'keys',
      type: 'aws',
      canonicalType: 'aws',
      spec: {},
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'Sk-Secret', sessionToken: 'Tk-Secret' },
      secretValues: ['Sk-Secret', 'Tk-Secret'],
    };
    const result = await load(
      {
        key: 'in/list.manifest',
        table: 'sales',
        mode: 'truncate',
        args: ['MANIFEST', 'FORMAT csv'],
        s3_conn_id: 'keys',
      },
      { keys },
    );
    expect((await calls()).map((c) => [c[4], c[5], c[6], c[7], c[8]])).toEqual([
      ['in/a.csv', 'eu-west-1', 'AKIAEXAMPLE', 'Sk-Secret', 'Tk-Secret'],
      ['in/b.csv', 'eu-west-1', 'AKIAEXAMPLE', 'Sk-Secret', 'Tk-Secret'],
    ]);
    expect((await session.execute('SELECT name FROM public.sales ORDER BY name')).rows).toEqual([
      ['in/a.csv'],
      ['in/b.csv'],
    ]);
    expect(result).toMatchObject({ rows: 2 });
    expect(JSON.stringify(result)).not.toMatch(/Sk-Secret|Tk-Secret|AKIAEXAMPLE/);
    expect(result.events).toEqual(
      expect.arrayContaining([expect.stringContaining(`'****', '****', '****')`)]),
    );
  });

  it('a failing import rolls everything back (truncate included)', async () => {
    await session
      .execute(`CREATE TABLE public.keep (id INTEGER, name TEXT); INSERT INTO public.keep VALUES (9, 'old')`)
      .catch(async () => {
        await session.execute('CREATE TABLE public.keep (id INTEGER, name TEXT)');
        await session.execute(`INSERT INTO public.keep VALUES (9, 'old')`);
      });
    const err = (await load({
      key: 'in/a.csv',
      table: 'keep',
      mode: 'truncate',
      args: ['FORMAT csv', 'FORCE_QUOTE x'],
    }).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('Copy failed: Invalid COPY arguments: FORCE_QUOTE');
    await session.execute('ALTER TABLE public.keep ADD CONSTRAINT one CHECK (id > 2)');
    const failed = (await load({
      key: 'in/a.csv',
      table: 'keep',
      mode: 'truncate',
      args: ['FORMAT csv'],
    }).catch((e: unknown) => e)) as JobFailedError;
    expect(failed.message).toMatch(/^Copy failed: .*check constraint/);
    expect(failed.message).not.toContain(PW);
    expect((await session.execute('SELECT id, name FROM public.keep')).rows).toEqual([[9, 'old']]);
  });
});
