import { readFileSync } from 'node:fs';
import * as pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { ConnectionUnreachableError } from '../errors';
import type {
  ConnectionSpec,
  DbParams,
  IamTokenProvider,
  ResolveContext,
  ResolvedDbConnection,
  SslMode,
} from '../model/connection';
import { ExpandedDbSpec, type ExpandedDbFields } from '../model/db-fields';
import { optInt, optString } from '../model/fields';
import { stringMap } from './aws.connector';
import { toConnectorError } from '../model/sanitise';
import { PgSession, pgTypes } from '../session/pg.session';
import type { SqlSession } from '../session/sql-session';
import type { ConnectOptions, DatabaseConnector } from './connector';

const RDS_TYPES = new Set(['postgres-rds', 'postgres-aurora']);
const DEFAULT_RS_DURATION = 900;

/**
 * PostgreSQL family: `postgres`/`psql` (password required), `postgres-rds`/`postgres-aurora`
 * (RDS IAM token when no password), `redshift` (GetClusterCredentials), `redshift-serverless`
 * (GetCredentials, optional AssumeRole).
 */
export class PostgresConnector implements DatabaseConnector {
  readonly types = ['postgres', 'postgres-rds', 'redshift', 'redshift-serverless'] as const;
  readonly dialect = 'postgresql' as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDbConnection> {
    const type = spec.type.toLowerCase();
    const s = await ExpandedDbSpec.expand(spec, ctx);
    const { host, port } = s.hostPort();
    const creds = await this.credentials(type, s, host, port, ctx);
    const database = s.database();
    const dialect = type.startsWith('redshift') ? 'redshift' : 'postgresql';
    const db: DbParams = {
      host,
      port,
      user: creds.user,
      password: creds.password,
      database,
      ssl: s.ssl(),
      caCert: optString(spec, 'ca_cert'),
      appName: s.appName(ctx.appName, dialect),
      preserveCase: s.preserveCase(),
      iamToken: creds.iam,
    };
    return s.resolved({ type, canonicalType: type, dialect, db });
  }

  async connect(resolved: ResolvedDbConnection, opts: ConnectOptions = {}): Promise<SqlSession> {
    const config = pgClientConfig(resolved.db, opts);
    const client = new pg.Client(config);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw toConnectorError(err, resolved.secretValues, (m, c) => new ConnectionUnreachableError(m, c), {
        conn_id: resolved.connId,
      });
    }
    // An idle-connection error (server restart) must not crash the worker.
    client.on('error', () => undefined);
    return new PgSession(client, config, resolved.secretValues, resolved.dialect);
  }

  private async credentials(
    type: string,
    s: ExpandedDbSpec,
    host: string,
    port: number,
    ctx: ResolveContext,
  ): Promise<{ user: string; password: string; iam: boolean }> {
    const { spec, fields: f } = s;
    if (f.password !== undefined) {
      // redshift-serverless may omit `user` only when IAM supplies it.
      return { user: s.user(), password: f.password, iam: false };
    }
    if (RDS_TYPES.has(type) && ctx.iam !== undefined) {
      const user = s.user();
      return {
        user,
        password: await ctx.iam.rdsAuthToken({ host, port, user, region: ctx.region }),
        iam: true,
      };
    }
    const duration =
      optInt(spec, 'password_duration') ?? ctx.redshiftPasswordDurationSeconds ?? DEFAULT_RS_DURATION;
    if (type === 'redshift' && ctx.iam !== undefined) {
      const database = f.database ?? '';
      const clusterId = optString(spec, 'cluster_id') ?? firstLabel(host);
      const c = await ctx.iam.redshiftClusterCredentials({
        clusterId,
        database,
        user: s.user(),
        durationSeconds: duration,
      });
      return { ...c, iam: true };
    }
    if (type === 'redshift-serverless' && ctx.iam !== undefined) {
      return { ...(await this.serverless(spec, f, host, duration, ctx, ctx.iam)), iam: true };
    }
    return { user: '', password: s.requirePassword(undefined), iam: false };
  }

  private async serverless(
    spec: ConnectionSpec,
    f: ExpandedDbFields,
    host: string,
    duration: number,
    ctx: ResolveContext,
    iam: IamTokenProvider,
  ) {
    const externalIdParam = optString(spec, 'external_id');
    const externalId =
      externalIdParam === undefined ? undefined : await ctx.secrets.ssmParameter(externalIdParam);
    return iam.redshiftServerlessCredentials({
      workgroup: optString(spec, 'workgroup') ?? firstLabel(host),
      database: f.database ?? '',
      durationSeconds: duration,
      roleArn: optString(spec, 'role_arn'),
      externalId,
      sessionName: (ctx.appName ?? 'lava').replace(/[^A-Za-z0-9_=,.@-]+/g, '.').slice(0, 64),
      region: optString(spec, 'region') ?? ctx.region,
      tags: stringMap(spec, 'tags'),
    });
  }
}

function firstLabel(host: string): string {
  return host.split('.')[0] ?? host;
}

/** Map TLS policy to node `tls` options (verify-full checks chain and hostname). */
export function pgSslOptions(ssl: SslMode, caCert?: string): false | ConnectionOptions {
  if (ssl === 'disable') return false;
  const ca = caCert === undefined ? undefined : readFileSync(caCert, 'utf8');
  if (ssl === 'require') return { rejectUnauthorized: false };
  if (ssl === 'verify-ca') return { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, ca };
}

/** Driver configuration for `pg` (pure apart from reading the CA file). */
export function pgClientConfig(db: DbParams, opts: ConnectOptions = {}): pg.ClientConfig {
  return {
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    ssl: pgSslOptions(db.ssl, db.caCert),
    application_name: db.appName,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    types: pgTypes,
  };
}
