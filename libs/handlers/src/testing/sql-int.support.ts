import { type RunJob } from '@lava/core';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectSource, S3OutputSink, S3PayloadSource } from '@lava/aws';
import {
  createDefaultRegistry,
  type ConnectionSpec,
  type ResolvedDbConnection,
  type SqlSession,
} from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { makeContext, makeJob, type ContextFixture } from './handler-context.fixture';
import { tempSqlite } from './sql-fixture';

/**
 * Integration support for the SQL job handlers: the local databases CI provides (PostgreSQL
 * 127.0.0.1:5432 trust auth, MariaDB 127.0.0.1:3306 root) plus a temp SQLite file, and a
 * HandlerContext whose payloads, outputs and objects go through the real S3 adapters.
 */

/** Marker "password": trust auth ignores it; it must never appear in any output or error. */
export const SECRET_MARKER = 'Lava-SqlJobs-Pw-5c1e';

const registry = createDefaultRegistry();
const secrets = new InMemorySecrets({ '/lava/test/pg': SECRET_MARKER, '/lava/test/maria': '' });

export interface TestDb {
  name: 'postgres' | 'mariadb' | 'sqlite';
  /** The resolved connection the ConnectionSource double releases. */
  connection: ResolvedDbConnection;
  /** A separate session for setup and server-side checks. */
  admin: SqlSession;
  /** SQL that runs ~30 s, recognisable by `marker` while it runs. */
  slowSql(marker: string): string;
  /** Whether a statement containing `marker` still runs on the server (none for SQLite). */
  isRunning?(marker: string): Promise<boolean>;
  close(): Promise<void>;
}

async function resolve(spec: ConnectionSpec): Promise<ResolvedDbConnection> {
  const r = await registry.resolve(spec, { secrets, appName: 'lava-handlers-int' });
  if (r.kind !== 'database') throw new Error('expected a database connection');
  return r;
}

async function count(admin: SqlSession, sql: string): Promise<number> {
  return Number((await admin.execute(sql)).rows?.[0]?.[0] ?? 0);
}

/** Open one of the test databases. */
export async function openTestDb(name: TestDb['name']): Promise<TestDb> {
  if (name === 'postgres') {
    const connection = await resolve({
      conn_id: 'pg',
      type: 'postgres',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: '/lava/test/pg',
      database: 'test',
    });
    const admin = await registry.connect(connection);
    return {
      name,
      connection,
      admin,
      slowSql: (m) => `SELECT '${m}', pg_sleep(30)`,
      isRunning: async (m) =>
        (await count(
          admin,
          `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%${m}%' AND pid <> pg_backend_pid()`,
        )) > 0,
      close: () => admin.close(),
    };
  }
  if (name === 'mariadb') {
    const connection = await resolve({
      conn_id: 'maria',
      type: 'mariadb',
      enabled: true,
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '/lava/test/maria',
      database: 'test',
    });
    const admin = await registry.connect(connection);
    return {
      name,
      connection,
      admin,
      slowSql: (m) => `SELECT '${m}', SLEEP(30)`,
      isRunning: async (m) =>
        (await count(
          admin,
          `SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '%${m}%' AND id <> CONNECTION_ID()`,
        )) > 0,
      close: () => admin.close(),
    };
  }
  const file = tempSqlite();
  const connection = await resolve({ conn_id: 'lite', type: 'sqlite3', enabled: true, host: file.file });
  const admin = await registry.connect(connection);
  return {
    name,
    connection,
    admin,
    slowSql: (m) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, '${m}' FROM c`,
    close: async () => {
      await admin.close();
      file.cleanup();
    },
  };
}

/** Unique lower-case name per test (tables, markers, job ids). */
export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A bucket on the test endpoint holding payloads (`payloads/`), run outputs (`tmp/`) and load sources. */
export class TestBucket {
  readonly name = `lava-sqljobs-${randomBytes(4).toString('hex')}`;
  readonly s3: S3Client;

  constructor(endpoint: string) {
    this.s3 = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  }

  async create(): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: this.name }));
  }

  async put(key: string, body: string | Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: body }));
  }

  async read(uri: string): Promise<Buffer> {
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
    if (!m) throw new Error(`not an s3 uri: ${uri}`);
    const out = await this.s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  /**
   * A handler context for `job` whose S3 ports are the real adapters on this bucket and whose
   * ConnectionSource releases the given database connections.
   */
  context(
    job: Partial<RunJob>,
    connections: Record<string, ResolvedDbConnection>,
    config: Record<string, string> = {},
  ): ContextFixture {
    const full = makeJob({ job_id: unique('sqljob'), ...job });
    const f = makeContext(full, { connections: connections as unknown as Record<string, unknown>, config });
    const realm = {
      realm: 'demo',
      s3_payloads: `s3://${this.name}/payloads`,
      s3_temp: `s3://${this.name}/tmp`,
    };
    f.ctx.realmRecord = realm;
    f.ctx.outputs = new S3OutputSink(this.s3, {
      s3Temp: realm.s3_temp,
      jobId: full.job_id,
      runId: full.run_id,
    });
    f.ctx.payloads = new S3PayloadSource(this.s3, realm.s3_payloads);
    f.ctx.objects = new S3ObjectSource(this.s3);
    return f;
  }
}
