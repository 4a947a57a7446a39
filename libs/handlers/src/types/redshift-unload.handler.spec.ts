import type { JobFailedError } from '@lava/core';
import type { ResolvedAwsConnection } from '@lava/connectors';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { fakeDbConnection, RecordingSession, registryWith } from '../testing/recording-session';
import { RedshiftUnloadHandler } from './redshift-unload.handler';

/** No Redshift here: the exact UNLOAD statements are recorded at the SqlSession port. */
const KEYS: ResolvedAwsConnection = {
  kind: 'aws',
  connId: 'keys',
  type: 'aws',
  canonicalType: 'aws',
  spec: { conn_id: 'keys', type: 'aws' },
  credentials: { accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'Unload/Secret+9' },
  secretValues: ['Unload/Secret+9'],
};

function run(session: RecordingSession, parameters: Record<string, unknown>) {
  const f = makeContext(
    makeJob({
      type: 'redshift_unload',
      payload: null,
      parameters: {
        conn_id: 'rs',
        bucket: 'out',
        schema: 'sales',
        args: ['CSV', 'HEADER', 'PARALLEL OFF'],
        // The bucket checks read S3: redshift-unload-bucket.int-spec runs them against aws-local.
        insecure: true,
        ...parameters,
      },
    }),
    { connections: { rs: fakeDbConnection('redshift', 'redshift'), keys: KEYS } },
  );
  return new RedshiftUnloadHandler(registryWith(session)).run(f.ctx);
}

describe('redshift_unload (statements recorded at the session port)', () => {
  it('UNLOAD per relation with IAM_ROLE, the WHERE condition quoted, the prefix rendered', async () => {
    const s = new RecordingSession('redshift');
    const result = await run(s, {
      relation: ['orders', 'items'],
      prefix: 'dump/{{ relation }}/',
      where: "region = 'EU'",
      s3_iam_role: 'arn:aws:iam::123456789012:role/unload',
    });
    const stmt = (r: string) =>
      `UNLOAD ('SELECT * FROM "sales"."${r}" WHERE region = \\'EU\\'') TO 's3://out/dump/${r}/' IAM_ROLE 'arn:aws:iam::123456789012:role/unload' CSV HEADER PARALLEL OFF`;
    expect(s.work()).toEqual([stmt('orders'), stmt('items')]);
    expect(result).toMatchObject({
      exit_status: 0,
      unloads: [
        { relation: 'orders', prefix: 'dump/orders/', status: 'complete', sql: stmt('orders') },
        { relation: 'items', prefix: 'dump/items/', status: 'complete' },
      ],
    });
  });

  it('s3_conn_id keys reach the statement only; the kept statement and errors are masked', async () => {
    const s = new RecordingSession('redshift', [[/^UNLOAD/, new Error('denied for Unload/Secret+9')]]);
    const err = (await run(s, { relation: 'orders', prefix: 'p/', s3_conn_id: 'keys' }).catch(
      (e: unknown) => e,
    )) as JobFailedError;
    expect(s.work()).toEqual([
      `UNLOAD ('SELECT * FROM "sales"."orders"') TO 's3://out/p/' ACCESS_KEY_ID 'AKIAEXAMPLEKEY' SECRET_ACCESS_KEY 'Unload/Secret+9' CSV HEADER PARALLEL OFF`,
    ]);
    expect(err.message).toMatch(/^Unload failed: .*denied for \*+$/);
    expect(JSON.stringify({ m: err.message, d: err.data })).not.toContain('Unload/Secret+9');
    const ok = await run(new RecordingSession('redshift'), {
      relation: 'orders',
      prefix: 'p/',
      s3_conn_id: 'keys',
    });
    expect((ok.unloads as Array<{ sql: string }>)[0]!.sql).toContain(
      `ACCESS_KEY_ID '****' SECRET_ACCESS_KEY '****'`,
    );
  });

  it('dateformat selects DATE columns through to_char; start skips; stop_on_fail false goes on', async () => {
    const s = new RecordingSession('redshift', [
      [
        /svv_columns/,
        {
          rowCount: 2,
          columns: ['c', 't'],
          rows: [
            ['id', 'integer'],
            ['day', 'date'],
          ],
        },
      ],
      [/"b"/, new Error('boom')],
    ]);
    const result = run(s, {
      relation: ['a', 'b', 'c'],
      start: 'b',
      prefix: 'x/',
      dateformat: 'YYYY-MM-DD',
      stop_on_fail: false,
      s3_iam_role: 'arn:r',
    });
    const err = (await result.catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toBe('1 unloads failed');
    expect(err.data).toMatchObject({
      failures: ['b'],
      unloads: [
        { relation: 'b', status: 'failed' },
        { relation: 'c', status: 'complete' },
      ],
    });
    expect(s.work().filter((x) => x.startsWith('UNLOAD'))[1]).toBe(
      `UNLOAD ('SELECT "id", to_char("day", \\'YYYY-MM-DD\\') AS "day" FROM "sales"."c"') TO 's3://out/x/' IAM_ROLE 'arn:r' CSV HEADER PARALLEL OFF`,
    );
  });

  it('needs s3_iam_role or s3_conn_id and refuses unknown UNLOAD options', async () => {
    await expect(run(new RecordingSession('redshift'), { relation: 'a', prefix: 'p' })).rejects.toThrow(
      'At least one of s3_iam_role and s3_conn_id is required',
    );
    await expect(
      run(new RecordingSession('redshift'), {
        relation: 'a',
        prefix: 'p',
        s3_iam_role: 'r',
        args: ['CSV', 'IAM_ROLE x'],
      }),
    ).rejects.toThrow('Invalid UNLOAD arguments: IAM_ROLE');
  });
});
