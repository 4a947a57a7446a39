import {
  ConnectionDisabledError,
  ConnectionInvalidError,
  ConnectionUnsupportedError,
  SecretUnavailableError,
} from '../errors';
import type { ConnectionSpec, ResolvedDbConnection } from '../model/connection';
import { createDefaultRegistry } from '../registry';
import { FakeIamTokens, InMemorySecrets } from '../testing/in-memory-secrets';
import { mssqlConfig } from './mssql.connector';
import { mysqlConnectionConfig } from './mysql.connector';
import { oracleConnectionConfig, oracleConnectString } from './oracle.connector';
import { pgClientConfig } from './postgres.connector';

const registry = createDefaultRegistry();
const secrets = new InMemorySecrets(
  { '/lava/r/db-pw': 's3cr3t:pw', '/lava/r/ext': 'ext-id' },
  {
    'lava/r/db': JSON.stringify({
      username: 'sm-user',
      password: 'sm-pw',
      host: 'sm-host',
      port: '6543',
      dbname: 'sm-db',
      dbClusterIdentifier: 'cluster-x',
    }),
  },
);
const iam = new FakeIamTokens();

async function resolveDb(
  spec: Partial<ConnectionSpec> & { type: string },
  appName?: string,
): Promise<ResolvedDbConnection> {
  const r = await registry.resolve(
    { conn_id: 'c1', enabled: true, ...spec },
    { secrets, iam, region: 'ap-southeast-2', appName },
  );
  if (r.kind !== 'database') throw new Error('not db');
  return r;
}

describe('PostgreSQL family', () => {
  it('maps fields, SSM password, TLS and application name to pg config', async () => {
    const r = await resolveDb(
      {
        type: 'Postgres',
        host: 'db.example',
        port: '5433',
        user: 'u',
        password: '/lava/r/db-pw',
        database: 'd',
        ssl: 'require',
      },
      "lv-'r'-job",
    );
    expect(r.canonicalType).toBe('postgres');
    expect(r.dialect).toBe('postgresql');
    const cfg = pgClientConfig(r.db);
    expect(cfg).toMatchObject({
      host: 'db.example',
      port: 5433,
      user: 'u',
      password: 's3cr3t:pw',
      database: 'd',
      application_name: 'lv-r-job',
    });
    expect(cfg.ssl).toEqual({ rejectUnauthorized: false });
    expect(r.secretValues).toContain('s3cr3t:pw');
  });

  it('psql is an alias of postgres; ssl true means verified TLS', async () => {
    const r = await resolveDb({
      type: 'psql',
      host: 'h',
      port: 5432,
      user: 'u',
      password: '/lava/r/db-pw',
      database: 'd',
      ssl: true,
    });
    expect(r.db.ssl).toBe('verify-full');
    expect(pgClientConfig(r.db).ssl).toEqual({ rejectUnauthorized: true, ca: undefined });
    expect(pgClientConfig({ ...r.db, ssl: 'disable' }).ssl).toBe(false);
  });

  it('requires a password for plain postgres', async () => {
    await expect(
      resolveDb({ type: 'postgres', host: 'h', port: 1, user: 'u', database: 'd' }),
    ).rejects.toThrow('Password must be specified');
  });

  it('requires a database', async () => {
    await expect(
      resolveDb({ type: 'postgres', host: 'h', port: 1, user: 'u', password: '/lava/r/db-pw' }),
    ).rejects.toThrow(ConnectionInvalidError);
  });

  it('fills missing fields from Secrets Manager but an explicit SSM password wins', async () => {
    const r = await resolveDb({
      type: 'postgres',
      secret_id: 'lava/r/db',
      password: '/lava/r/db-pw',
      user: 'spec-user',
    });
    expect(r.db).toMatchObject({
      host: 'sm-host',
      port: 6543,
      user: 'spec-user',
      password: 's3cr3t:pw',
      database: 'sm-db',
    });
    const r2 = await resolveDb({ type: 'postgres', secret_id: 'lava/r/db' });
    expect(r2.db).toMatchObject({ user: 'sm-user', password: 'sm-pw' });
    expect(r2.secretValues).toContain('sm-pw');
  });

  it('postgres-aurora uses an RDS IAM token when no password exists', async () => {
    const r = await resolveDb({
      type: 'postgres-aurora',
      host: 'a.b',
      port: 5432,
      user: 'iam_user',
      database: 'd',
      ssl: true,
    });
    expect(r.db.iamToken).toBe(true);
    expect(r.db.password).toContain('DBUser=iam_user');
    expect(r.canonicalType).toBe('postgres-aurora');
  });

  it('redshift uses GetClusterCredentials with the first DNS label as cluster id', async () => {
    const r = await resolveDb({
      type: 'redshift',
      host: 'mycluster.abc.redshift.amazonaws.com',
      port: 5439,
      user: 'bob',
      database: 'dev',
    });
    expect(r.db).toMatchObject({ user: 'IAM:bob', password: 'rs-token-mycluster' });
    expect(r.dialect).toBe('redshift');
  });

  it('redshift-serverless replaces the user with the returned one', async () => {
    const r = await resolveDb({
      type: 'redshift-serverless',
      host: 'wg1.123.redshift-serverless.amazonaws.com',
      port: 5439,
      database: 'dev',
      external_id: '/lava/r/ext',
      role_arn: 'arn:r',
      tags: { team: 'data' },
    });
    expect(r.db).toMatchObject({ user: 'IAMR:role', password: 'rss-token-wg1' });
    expect(iam.calls.at(-1)!.input).toMatchObject({
      workgroup: 'wg1',
      database: 'dev',
      roleArn: 'arn:r',
      externalId: 'ext-id',
      tags: { team: 'data' },
      durationSeconds: 900,
    });
  });

  it('reports unreadable secrets without their names leaking values', async () => {
    await expect(
      resolveDb({ type: 'postgres', host: 'h', port: 1, user: 'u', password: '/missing', database: 'd' }),
    ).rejects.toThrow(SecretUnavailableError);
  });
});

describe('MySQL family', () => {
  it.each(['mysql', 'mariadb', 'mariadb-rds', 'MySQL'])(
    '%s maps to mysql2 config with program_name and exact numerics',
    async (type) => {
      const r = await resolveDb(
        { type, host: 'h', port: 3306, user: 'u', password: '/lava/r/db-pw', database: 'd' },
        'lv-r-j',
      );
      expect(r.canonicalType).toBe('mysql');
      const cfg = mysqlConnectionConfig(r.db);
      expect(cfg).toMatchObject({
        host: 'h',
        port: 3306,
        user: 'u',
        password: 's3cr3t:pw',
        database: 'd',
        dateStrings: true,
        connectAttributes: { program_name: 'lv-r-j' },
      });
      expect(cfg.ssl).toBeUndefined();
    },
  );

  it('mariadb has no IAM fallback', async () => {
    await expect(
      resolveDb({ type: 'mariadb', host: 'h', port: 3306, user: 'u', database: 'd' }),
    ).rejects.toThrow('Password must be specified');
  });

  it('mysql-aurora IAM tokens require TLS and use the cleartext plugin', async () => {
    await expect(
      resolveDb({ type: 'mysql-aurora', host: 'h', port: 3306, user: 'u', database: 'd' }),
    ).rejects.toThrow('IAM authentication requires ssl');
    const r = await resolveDb({
      type: 'mysql-rds',
      host: 'h',
      port: 3306,
      user: 'u',
      database: 'd',
      ssl: 'verify-ca',
    });
    const cfg = mysqlConnectionConfig(r.db);
    expect(cfg.ssl).toMatchObject({ rejectUnauthorized: true, verifyIdentity: false });
    expect(cfg.authPlugins).toHaveProperty('mysql_clear_password');
  });
});

describe('Oracle', () => {
  it('maps service_name to Easy Connect and sid to a descriptor', async () => {
    const r = await resolveDb({
      type: 'oracle',
      host: 'ora',
      port: 1521,
      user: 'scott',
      password: '/lava/r/db-pw',
      service_name: 'ORCLPDB1',
      edition: '19.1',
    });
    expect(oracleConnectionConfig(r.db)).toEqual({
      user: 'scott',
      password: 's3cr3t:pw',
      connectString: 'ora:1521/ORCLPDB1',
      connectTimeout: 10,
      edition: '19.1',
    });
    const sid = await resolveDb({
      type: 'oracle-rds',
      host: 'ora',
      port: 1521,
      user: 'scott',
      password: '/lava/r/db-pw',
      database: 'ORCL',
    });
    expect(oracleConnectString(sid.db)).toBe(
      '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora)(PORT=1521))(CONNECT_DATA=(SID=ORCL)))',
    );
  });

  it('ssl selects TCPS with DN matching when verified', async () => {
    const r = await resolveDb({
      type: 'oracle',
      host: 'ora',
      port: 2484,
      user: 's',
      password: '/lava/r/db-pw',
      service_name: 'S',
      ssl: true,
    });
    expect(oracleConnectString(r.db)).toBe(
      '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=ora)(PORT=2484))(CONNECT_DATA=(SERVICE_NAME=S))(SECURITY=(SSL_SERVER_DN_MATCH=ON)))',
    );
  });

  it('needs service_name or sid and a sane edition', async () => {
    await expect(
      resolveDb({ type: 'oracle', host: 'o', port: 1, user: 's', password: '/lava/r/db-pw' }),
    ).rejects.toThrow('service_name or sid');
    await expect(
      resolveDb({
        type: 'oracle',
        host: 'o',
        port: 1,
        user: 's',
        password: '/lava/r/db-pw',
        sid: 'X',
        edition: 'abc',
      }),
    ).rejects.toThrow('edition');
  });
});

describe('SQL Server', () => {
  it('maps to mssql config with APP name, encryption from ssl and connect timeout', async () => {
    const r = await resolveDb(
      {
        type: 'mssql',
        host: 'sql',
        port: 1433,
        user: 'sa',
        password: '/lava/r/db-pw',
        database: 'master',
        timeout: 7,
      },
      'lv-r-j',
    );
    expect(mssqlConfig(r.db)).toMatchObject({
      server: 'sql',
      port: 1433,
      user: 'sa',
      password: 's3cr3t:pw',
      database: 'master',
      connectionTimeout: 7000,
      pool: { max: 1 },
      options: { encrypt: false, trustServerCertificate: false, appName: 'lv-r-j' },
    });
    const tls = await resolveDb({
      type: 'mssql',
      host: 'sql',
      port: 1433,
      user: 'sa',
      password: '/lava/r/db-pw',
      database: 'm',
      ssl: 'require',
    });
    expect(mssqlConfig(tls.db).options).toMatchObject({ encrypt: true, trustServerCertificate: true });
  });
});

describe('SQLite and registry', () => {
  it('sqlite3 needs only host (the file)', async () => {
    const r = await resolveDb({ type: 'sqlite3', host: '/tmp/x.db', port: 0 });
    expect(r.db.host).toBe('/tmp/x.db');
    expect(r.secretValues).toEqual([]);
  });

  it('refuses disabled connections and unknown types', async () => {
    await expect(registry.resolve({ conn_id: 'c', type: 'postgres' }, { secrets })).rejects.toThrow(
      ConnectionDisabledError,
    );
    await expect(
      registry.resolve({ conn_id: 'c', type: 'nosuch', enabled: true }, { secrets }),
    ).rejects.toThrow(ConnectionUnsupportedError);
    expect(() => registry.database('aws')).toThrow('not a database connection');
  });

  it('folds every alias', () => {
    for (const t of ['psql', 'postgres-aurora', 'mariadb', 'mariadb-rds', 'MARIADB'])
      expect(registry.has(t)).toBe(true);
    expect(registry.get('psql')).toBe(registry.get('postgres'));
    expect(registry.get('mariadb-rds')).toBe(registry.get('mysql-aurora'));
  });
});
