import { readFileSync } from 'node:fs';
import * as mysql from 'mysql2';
import { ConnectionInvalidError, ConnectionUnreachableError } from '../errors';
import type { ConnectionSpec, DbParams, ResolveContext, ResolvedDbConnection } from '../model/connection';
import {
  cleanAppName,
  expandDbFields,
  parseSslMode,
  preserveCase,
  requireHostPort,
  requirePassword,
  requireUser,
} from '../model/db-fields';
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
    const f = await expandDbFields(spec, ctx);
    const { host, port } = requireHostPort(f, spec);
    const user = requireUser(f, spec);
    const ssl = parseSslMode(spec);
    let password = f.password;
    let iamToken = false;
    if (password === undefined && IAM_TYPES.has(type) && ctx.iam !== undefined) {
      password = await ctx.iam.rdsAuthToken({ host, port, user, region: ctx.region });
      iamToken = true;
    }
    if (iamToken && ssl === 'disable') {
      throw new ConnectionInvalidError('IAM authentication requires ssl', { conn_id: spec.conn_id });
    }
    if (f.database === undefined)
      throw new ConnectionInvalidError('database must be specified', { conn_id: spec.conn_id });
    const db: DbParams = {
      host,
      port,
      user,
      password: requirePassword(password, spec),
      database: f.database,
      ssl,
      caCert: optString(spec, 'ca_cert'),
      appName: cleanAppName(ctx.appName, 64),
      preserveCase: preserveCase(spec),
      iamToken,
    };
    const canonicalType = IAM_TYPES.has(type) ? type : 'mysql';
    return {
      kind: 'database',
      connId: spec.conn_id,
      type,
      canonicalType,
      dialect: 'mysql',
      spec,
      db,
      secretValues: [...f.secretValues, db.password],
    };
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
