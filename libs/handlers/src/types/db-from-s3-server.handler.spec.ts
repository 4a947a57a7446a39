import { JobFailedError, type HandlerResult } from '@lava/core';
import type { ResolvedAwsConnection, ResolvedDbConnection } from '@lava/connectors';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { fakeDbConnection, RecordingSession, registryWith } from '../testing/recording-session';
import { serverLoadFor } from '../sql/server-load';
import { DbFromS3Handler } from './db-from-s3.handler';

/**
 * Server-side loads where no server runs here (Redshift, Aurora MySQL): the exact statements the
 * job sends, recorded by a session double at the SqlSession port. The RDS PostgreSQL form runs
 * against real PostgreSQL in db-from-s3.int-spec.ts.
 */
const KEYS: ResolvedAwsConnection = {
  kind: 'aws',
  connId: 'keys',
  type: 'aws',
  canonicalType: 'aws',
  spec: { conn_id: 'keys', type: 'aws' },
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'Secret/Key+1', sessionToken: 'Token-2' },
  secretValues: ['Secret/Key+1', 'Token-2'],
};
const EXISTS: [RegExp, { rowCount: number; columns: string[]; rows: unknown[][] }] = [
  /information_schema\.tables/,
  { rowCount: 1, columns: ['x'], rows: [[1]] },
];

async function run(
  db: ResolvedDbConnection,
  session: RecordingSession,
  parameters: Record<string, unknown>,
): Promise<HandlerResult> {
  const f = makeContext(
    makeJob({
      type: 'db_from_s3',
      payload: null,
      parameters: {
        db_conn_id: 'db',
        bucket: 'b',
        key: 'in/sales.csv.gz',
        schema: 'Public',
        table: 'Sales',
        ...parameters,
      },
    }),
    { connections: { db, keys: KEYS }, objects: { 's3://b/in/sales.csv.gz': 'x'.repeat(100) } },
  );
  return new DbFromS3Handler(registryWith(session)).run({
    ...f.ctx,
    baseEnv: { AWS_REGION: 'ap-southeast-2' },
  });
}

describe('db_from_s3 server-side loads (statements recorded at the session port)', () => {
  const redshift = fakeDbConnection('redshift', 'redshift');

  it('Redshift: COPY … FROM s3 IAM_ROLE … args, after emptying the table, in one transaction', async () => {
    const s = new RecordingSession('redshift', [EXISTS]);
    const result = await run(redshift, s, {
      mode: 'truncate',
      columns: ['id INTEGER', 'name VARCHAR(20)'],
      args: ['CSV', 'GZIP', 'IGNOREHEADER 1'],
      s3_iam_role: 'arn:aws:iam::123456789012:role/rs-load',
    });
    const copy = `COPY "public"."sales"("id","name") FROM 's3://b/in/sales.csv.gz' IAM_ROLE 'arn:aws:iam::123456789012:role/rs-load' CSV GZIP IGNOREHEADER 1`;
    expect(s.work()).toEqual(['DELETE FROM "public"."sales"', copy]);
    expect(s.statements.find((x) => x.sql === copy)?.inTransaction).toBe(true);
    expect(s.statements.at(-1)?.sql).toBe('COMMIT');
    expect(result).toMatchObject({ exit_status: 0, table: '"public"."sales"' });
    expect(result.events).toEqual(
      expect.arrayContaining([`COPY command: ${copy}`, 'Commit "public"."sales"']),
    );
  });

  it('Redshift: s3_conn_id keys go into the statement and nowhere else', async () => {
    const s = new RecordingSession('redshift', [
      EXISTS,
      [/^COPY/, new Error('S3ServiceException: denied for Secret/Key+1')],
    ]);
    const attempt = run(redshift, s, { mode: 'append', args: ['CSV'], s3_conn_id: 'keys' });
    const err = (await attempt.catch((e: unknown) => e)) as JobFailedError;
    expect(s.work()).toEqual([
      `COPY "public"."sales" FROM 's3://b/in/sales.csv.gz' ACCESS_KEY_ID 'AKIAEXAMPLEKEY' SECRET_ACCESS_KEY 'Secret/Key+1' SESSION_TOKEN 'Token-2' CSV`,
    ]);
    expect(s.statements.at(-1)?.sql).toBe('ROLLBACK');
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.message).toMatch(/^Copy failed: .*denied for \*+/);
    const everything = JSON.stringify({ message: err.message, data: err.data });
    expect(everything).not.toContain('Secret/Key+1');
    expect(everything).not.toContain('Token-2');
  });

  it('Redshift: the statement in events has the keys masked', async () => {
    const s = new RecordingSession('redshift', [EXISTS]);
    const result = await run(redshift, s, { mode: 'append', args: ['CSV'], s3_conn_id: 'keys' });
    expect(result.events).toContain(
      `COPY command: COPY "public"."sales" FROM 's3://b/in/sales.csv.gz' ACCESS_KEY_ID '****' SECRET_ACCESS_KEY '****' SESSION_TOKEN '****' CSV`,
    );
    expect(JSON.stringify(result)).not.toMatch(/Secret\/Key|Token-2|AKIAEXAMPLEKEY/);
  });

  it('Redshift: neither s3_iam_role nor s3_conn_id, or an unknown COPY argument, fails before the table is touched', async () => {
    const none = new RecordingSession('redshift', [EXISTS]);
    await expect(run(redshift, none, { mode: 'append', args: ['CSV'] })).rejects.toThrow(
      'Copy failed: Either IAM role or access keys required',
    );
    const bad = new RecordingSession('redshift', [EXISTS]);
    await expect(
      run(redshift, bad, { mode: 'append', args: ['CSV', 'FROBNICATE 1'], s3_iam_role: 'arn:r' }),
    ).rejects.toThrow('Copy failed: Invalid COPY arguments: FROBNICATE');
    expect(bad.statements).toEqual([]);
  });

  it('Aurora MySQL: LOAD DATA FROM S3 built from the PostgreSQL-style args as the original mapped them', async () => {
    const aurora = fakeDbConnection('mysql-aurora', 'mysql');
    const s = new RecordingSession('mysql', [EXISTS, [/^LOAD DATA/, { rowCount: 42 }]]);
    const result = await run(aurora, s, {
      mode: 'append',
      schema: 'shop',
      table: 't',
      columns: ['id INT', 'name TEXT'],
      args: [
        "DELIMITER ','",
        `QUOTE OPTIONAL '"'`,
        'HEADER',
        'TERMINATOR UNIX',
        'ENCODING utf8mb4',
        'REPLACE',
      ],
    });
    expect(s.work()).toEqual([
      "LOAD DATA FROM S3 FILE 's3-ap-southeast-2://b/in/sales.csv.gz' REPLACE INTO TABLE `shop`.`t` CHARACTER SET utf8mb4 " +
        `COLUMNS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n' IGNORE 1 LINES (\`id\`,\`name\`)`,
    ]);
    expect(result).toMatchObject({ exit_status: 0, rows: 42 });
  });

  it('Aurora MySQL: PREFIX / MANIFEST pass to the engine; only one load type', async () => {
    const aurora = fakeDbConnection('mysql-aurora', 'mysql');
    const s = new RecordingSession('mysql', [EXISTS]);
    await run(aurora, s, { mode: 'append', table: 't', args: ['PREFIX'] });
    expect(s.work()[0]).toBe(
      "LOAD DATA FROM S3 PREFIX 's3-ap-southeast-2://b/in/sales.csv.gz' INTO TABLE `public`.`t`",
    );
    await expect(
      run(aurora, new RecordingSession('mysql', [EXISTS]), {
        mode: 'append',
        table: 't',
        args: ['PREFIX', 'MANIFEST'],
      }),
    ).rejects.toThrow('Only one of FILE | PREFIX | MANIFEST allowed');
  });

  it('chooses the path: server-side for Redshift / RDS / Aurora, streamed otherwise or on request', () => {
    const rds = fakeDbConnection('postgres-rds', 'postgresql');
    expect(serverLoadFor(redshift, 'auto', ['CSV'])?.name).toBe('redshift-copy');
    expect(serverLoadFor(rds, 'auto', ['FORMAT csv'])?.name).toBe('aws_s3.table_import_from_s3');
    expect(serverLoadFor(rds, 'auto', ['GZIP'])).toBeUndefined(); // needs object metadata: streamed
    expect(serverLoadFor(rds, 'copy', [])).toBeUndefined();
    expect(serverLoadFor(fakeDbConnection('mysql-aurora', 'mysql'), 'auto', [])?.name).toBe(
      'load-data-from-s3',
    );
    expect(serverLoadFor(fakeDbConnection('postgres', 'postgresql'), 'auto', [])).toBeUndefined();
    expect(() => serverLoadFor(fakeDbConnection('postgres', 'postgresql'), 'server', [])).toThrow(
      'postgres cannot load from S3 on the server',
    );
    // Oracle reads nothing from S3 itself (nor did the original): the worker streams and inserts.
    const oracle = fakeDbConnection('oracle', 'oracle');
    expect(serverLoadFor(oracle, 'auto', ['HEADER'])).toBeUndefined();
    expect(() => serverLoadFor(oracle, 'server', [])).toThrow('oracle cannot load from S3 on the server');
  });
});
