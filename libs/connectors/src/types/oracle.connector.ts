import type * as oracledb from 'oracledb';
import { ConnectionInvalidError, ConnectionUnreachableError } from '../errors';
import type { ConnectionSpec, DbParams, ResolveContext, ResolvedDbConnection } from '../model/connection';
import { ExpandedDbSpec } from '../model/db-fields';
import { optString } from '../model/fields';
import { toConnectorError } from '../model/sanitise';
import { OracleSession } from '../session/oracle.session';
import type { SqlSession } from '../session/sql-session';
import type { ConnectOptions, DatabaseConnector } from './connector';

/** `oracle`, `oracle-rds`: node-oracledb in thin mode (no Instant Client). `ssl` selects TCPS. */
export class OracleConnector implements DatabaseConnector {
  readonly types = ['oracle', 'oracle-rds'] as const;
  readonly dialect = 'oracle' as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDbConnection> {
    const s = await ExpandedDbSpec.expand(spec, ctx);
    const { host, port } = s.hostPort();
    const f = s.fields;
    // `database` is the deprecated spelling of `sid`.
    const sid = f.sid ?? f.database;
    if (f.serviceName === undefined && sid === undefined) {
      throw new ConnectionInvalidError('service_name or sid must be specified', { conn_id: spec.conn_id });
    }
    const edition = optString(spec, 'edition');
    if (edition !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(edition)) {
      throw new ConnectionInvalidError('edition must look like x.y[.z]', { conn_id: spec.conn_id });
    }
    const db: DbParams = {
      host,
      port,
      user: s.user(),
      password: s.requirePassword(f.password),
      serviceName: f.serviceName,
      sid: f.serviceName === undefined ? sid : undefined,
      ssl: s.ssl(),
      edition,
      preserveCase: false,
      iamToken: false,
    };
    const type = spec.type.toLowerCase();
    return s.resolved({ type, canonicalType: type, dialect: 'oracle', db });
  }

  async connect(resolved: ResolvedDbConnection, opts: ConnectOptions = {}): Promise<SqlSession> {
    // Loaded lazily: oracledb is only needed by realms that use Oracle.
    const ora = (await import('oracledb')) as unknown as typeof oracledb & { default?: typeof oracledb };
    const lib = ora.default ?? ora;
    try {
      const conn = await lib.getConnection(oracleConnectionConfig(resolved.db, opts));
      // Oracle's client identification: V$SESSION.MODULE (sent with the next round trip).
      if (resolved.db.appName !== undefined) conn.module = resolved.db.appName;
      return new OracleSession(conn, lib.OUT_FORMAT_ARRAY, resolved.secretValues);
    } catch (err) {
      throw toConnectorError(err, resolved.secretValues, (m, c) => new ConnectionUnreachableError(m, c), {
        conn_id: resolved.connId,
      });
    }
  }
}

/** Connect descriptor: Easy Connect for a service name, a full descriptor for a SID. */
export function oracleConnectString(db: DbParams): string {
  const protocol = db.ssl === 'disable' ? 'TCP' : 'TCPS';
  if (db.serviceName !== undefined && protocol === 'TCP') return `${db.host}:${db.port}/${db.serviceName}`;
  const target = db.serviceName !== undefined ? `(SERVICE_NAME=${db.serviceName})` : `(SID=${db.sid ?? ''})`;
  const verify = protocol === 'TCPS' && db.ssl === 'verify-full' ? '(SECURITY=(SSL_SERVER_DN_MATCH=ON))' : '';
  return `(DESCRIPTION=(ADDRESS=(PROTOCOL=${protocol})(HOST=${db.host})(PORT=${db.port}))(CONNECT_DATA=${target})${verify})`;
}

/** Driver configuration for `oracledb.getConnection`. */
export function oracleConnectionConfig(
  db: DbParams,
  opts: ConnectOptions = {},
): oracledb.ConnectionAttributes {
  return {
    user: db.user,
    password: db.password,
    connectString: oracleConnectString(db),
    connectTimeout: Math.ceil((opts.connectTimeoutMs ?? 10_000) / 1000),
    ...(db.edition === undefined ? {} : { edition: db.edition }),
  };
}
