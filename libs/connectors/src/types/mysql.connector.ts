import { readFileSync } from 'node:fs';
import * as mysql from 'mysql2';
import { ConnectionInvalidError, ConnectionUnreachableError } from '../errors';
import type { ConnectionSpec, DbParams, ResolveContext, ResolvedDbConnection } from '../model/connection';
import { ExpandedDbSpec } from '../model/db-fields';
import { optString } from '../model/fields';
import { toConnectorError } from '../model/sanitise';
import { MysqlSession } from '../session/mysql.session';
import type { SqlSession } from '../session/sql-session';
import { SqlDecimal } from '../session/sql-values';
import type { ConnectOptions, DatabaseConnector } from './connector';

const IAM_TYPES = new Set(['mysql-aurora', 'mysql-rds']);

/** MySQL family: `mysql`, `mariadb`, `mariadb-rds` (password required); `mysql-aurora`, `mysql-rds` (RDS IAM token). */
export class MysqlConnector implements DatabaseConnector {
  readonly types = ['mysql', 'mysql-aurora', 'mysql-rds'] as const;
  readonly dialect = 'mysql' as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDbConnection> {
    const type = spec.type.toLowerCase();
    const s = await ExpandedDbSpec.expand(spec, ctx);
    const { host, port } = s.hostPort();
    const user = s.user();
    const ssl = s.ssl();
    let password = s.fields.password;
    let iamToken = false;
    if (password === undefined && IAM_TYPES.has(type) && ctx.iam !== undefined) {
      password = await ctx.iam.rdsAuthToken({ host, port, user, region: ctx.region });
      iamToken = true;
    }
    if (iamToken && ssl === 'disable') {
      throw new ConnectionInvalidError('IAM authentication requires ssl', { conn_id: spec.conn_id });
    }
    const database = s.database();
    const db: DbParams = {
      host,
      port,
      user,
      password: s.requirePassword(password),
      database,
      ssl,
      caCert: optString(spec, 'ca_cert'),
      appName: s.appName(ctx.appName, 'mysql'),
      preserveCase: s.preserveCase(),
      iamToken,
    };
    const canonicalType = IAM_TYPES.has(type) ? type : 'mysql';
    return s.resolved({ type, canonicalType, dialect: 'mysql', db });
  }

  async connect(resolved: ResolvedDbConnection, opts: ConnectOptions = {}): Promise<SqlSession> {
    const config = mysqlConnectionConfig(resolved.db, opts);
    const conn = mysql.createConnection(config);
    try {
      await conn.promise().connect();
    } catch (err) {
      conn.destroy();
      throw toConnectorError(err, resolved.secretValues, (m, c) => new ConnectionUnreachableError(m, c), {
        conn_id: resolved.connId,
      });
    }
    conn.on('error', () => undefined);
    return new MysqlSession(conn, config, resolved.secretValues);
  }
}

/** Exact values: DECIMAL as SqlDecimal, BIGINT as bigint; dates stay text (dateStrings). */
const typeCast: mysql.TypeCast = (field, next) => {
  if (field.type === 'NEWDECIMAL' || field.type === 'DECIMAL') {
    const s = field.string();
    return s === null ? null : new SqlDecimal(s);
  }
  if (field.type === 'LONGLONG') {
    const s = field.string();
    return s === null ? null : BigInt(s);
  }
  return next();
};

/** Driver configuration for `mysql2`. */
export function mysqlConnectionConfig(db: DbParams, opts: ConnectOptions = {}): mysql.ConnectionOptions {
  const config: mysql.ConnectionOptions = {
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    typeCast,
    multipleStatements: true,
    connectAttributes: db.appName === undefined ? undefined : { program_name: db.appName },
  };
  if (db.ssl !== 'disable') {
    const ca = db.caCert === undefined ? undefined : readFileSync(db.caCert, 'utf8');
    config.ssl = { ca, rejectUnauthorized: db.ssl !== 'require', verifyIdentity: db.ssl === 'verify-full' };
  }
  if (db.iamToken) {
    // RDS IAM tokens are sent with the cleartext plugin, which is only safe because TLS is enforced above.
    const token = db.password;
    config.authPlugins = { mysql_clear_password: () => () => Buffer.from(`${token}\0`) };
  }
  return config;
}
