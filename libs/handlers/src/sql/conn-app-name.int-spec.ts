import { useAwsEndpoint } from '@lava/aws-local/testing';
import { createDefaultRegistry, mysqlConnectionConfig, type ResolvedDbConnection } from '@lava/connectors';
import { openTestDb, TestBucket, unique, type TestDb } from '../testing/sql-int.support';
import { SqlcHandler } from '../types/sqlc.handler';
import { SqlvHandler } from '../types/sqlv.handler';

/**
 * Every database session a job opens carries the run's client application name (`CONN_APP_NAME`,
 * default `lv-<realm>-<job_id>`), in process and through the native client. PostgreSQL shows it
 * in pg_stat_activity; the local MariaDB runs without performance_schema, so there the connect
 * option handed to the driver is asserted instead.
 */
const aws = useAwsEndpoint();

describe('CONN_APP_NAME on real PostgreSQL', () => {
  let db: TestDb;
  let bucket: TestBucket;
  beforeAll(async () => {
    db = await openTestDb('postgres');
    bucket = new TestBucket(aws.url());
    await bucket.create();
  });
  afterAll(async () => {
    await db.close();
    bucket.s3.destroy();
  });
  const WHO = 'SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid();\n';

  it('sqlv (in process): pg_stat_activity.application_name is lv-<realm>-<job_id>', async () => {
    const key = `${unique('app')}/who.sql`;
    await bucket.put(`payloads/${key}`, WHO);
    const f = bucket.context(
      { type: 'sqlv', payload: key, parameters: { conn_id: 'db' } },
      { db: db.connection },
    );
    await new SqlvHandler().run(f.ctx);
    const out = (await bucket.read(`${f.ctx.outputs.prefix}/stdout`)).toString('utf8');
    expect(out).toBe(`lv-demo-${f.ctx.job.job_id}\r\n`);
  });

  it('sqlc (psql through PGAPPNAME) and a CONN_APP_NAME template from config', async () => {
    const key = `${unique('app')}/who.sql`;
    await bucket.put(`payloads/${key}`, WHO);
    const f = bucket.context(
      { type: 'sqlc', payload: key, parameters: { conn_id: 'db', args: ['--tuples-only', '--no-align'] } },
      { db: db.connection },
      { CONN_APP_NAME: 'etl:{{ conn_id }}:{{ job_id }}' },
    );
    await new SqlcHandler().run(f.ctx);
    const out = (await bucket.read(`${f.ctx.outputs.prefix}/who.sql.stdout`)).toString('utf8');
    expect(out.trim()).toBe(`etl:db:${f.ctx.job.job_id}`);
  });
});

describe('CONN_APP_NAME on MariaDB', () => {
  it('the driver gets program_name lv-<realm>-<job_id> (cut to 64)', async () => {
    const db = await openTestDb('mariadb');
    try {
      let seen: ResolvedDbConnection | undefined;
      const registry = createDefaultRegistry();
      const connect = registry.connect.bind(registry);
      registry.connect = async (r, o) => {
        seen = r as ResolvedDbConnection;
        return connect(r, o);
      };
      const bucket = new TestBucket(aws.url());
      await bucket.create();
      const key = `${unique('app')}/q.sql`;
      await bucket.put(`payloads/${key}`, 'SELECT 1');
      const jobId = `${unique('job')}/${'x'.repeat(80)}`;
      const f = bucket.context(
        { job_id: jobId, type: 'sqlv', payload: key, parameters: { conn_id: 'db' } },
        { db: db.connection },
      );
      await new SqlvHandler(registry).run(f.ctx);
      expect(seen?.db.appName).toBe(`lv-demo-${jobId}`.slice(0, 64));
      expect(mysqlConnectionConfig(seen!.db).connectAttributes).toEqual({
        program_name: `lv-demo-${jobId}`.slice(0, 64),
      });
      bucket.s3.destroy();
    } finally {
      await db.close();
    }
  });
});
