import type * as mssql from 'mssql';
import { ConnectionUnreachableError } from '../errors';
import type { ConnectionSpec, DbParams, ResolveContext, ResolvedDbConnection } from '../model/connection';
import { ExpandedDbSpec } from '../model/db-fields';
import { optInt } from '../model/fields';
import { toConnectorError } from '../model/sanitise';
import { MssqlSession } from '../session/mssql.session';
import type { SqlSession } from '../session/sql-session';
import type { ConnectOptions, DatabaseConnector } from './connector';

/** `mssql` via the `mssql` package (tedious). `ssl` maps to `encrypt` (the original could not encrypt). */
export class MssqlConnector implements DatabaseConnector {
  readonly types = ['mssql'] as const;
  readonly dialect = 'mssql' as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDbConnection> {
    const s = await ExpandedDbSpec.expand(spec, ctx);
    const { host, port } = s.hostPort();
    const database = s.database();
    const db: DbParams = {
      host,
      port,
      user: s.user(),
      password: s.requirePassword(s.fields.password),
      database,
      ssl: s.ssl(),
      appName: s.appName(ctx.appName, 'mssql'),
      preserveCase: s.preserveCase(),
      connectTimeout: optInt(spec, 'timeout'),
      iamToken: false,
    };
    return s.resolved({ type: 'mssql', canonicalType: 'mssql', dialect: 'mssql', db });
  }

  async connect(resolved: ResolvedDbConnection, opts: ConnectOptions = {}): Promise<SqlSession> {
    const lib = (await import('mssql')) as unknown as typeof mssql & { default?: typeof mssql };
    const m = lib.default ?? lib;
    const pool = new m.ConnectionPool(mssqlConfig(resolved.db, opts));
    pool.on('error', () => undefined);
    try {
      await pool.connect();
    } catch (err) {
      await pool.close().catch(() => undefined);
      throw toConnectorError(err, resolved.secretValues, (msg, c) => new ConnectionUnreachableError(msg, c), {
        conn_id: resolved.connId,
      });
    }
    return new MssqlSession(pool, resolved.secretValues);
  }
}

/** Driver configuration for `mssql`. */
export function mssqlConfig(db: DbParams, opts: ConnectOptions = {}): mssql.config {
  const connectMs =
    db.connectTimeout !== undefined ? db.connectTimeout * 1000 : (opts.connectTimeoutMs ?? 15_000);
  return {
    server: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionTimeout: connectMs,
    requestTimeout: 0,
    pool: { max: 1, min: 0 },
    options: {
      encrypt: db.ssl !== 'disable',
      trustServerCertificate: db.ssl === 'require',
      appName: db.appName,
    },
  };
}
