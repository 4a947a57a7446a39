import { ConnectionDisabledError, ConnectionInvalidError, ConnectionUnsupportedError } from './errors';
import type {
  ConnectionSpec,
  ResolveContext,
  ResolvedConnection,
  ResolvedDbConnection,
} from './model/connection';
import type { SqlSession } from './session/sql-session';
import { AwsConnector } from './types/aws.connector';
import {
  isDatabaseConnector,
  type ConnectOptions,
  type Connector,
  type DatabaseConnector,
} from './types/connector';
import { DockerConnector } from './types/docker.connector';
import { EmailConnector } from './types/email.connector';
import { GenericConnector } from './types/generic.connector';
import { MssqlConnector } from './types/mssql.connector';
import { MysqlConnector } from './types/mysql.connector';
import { OracleConnector } from './types/oracle.connector';
import { PostgresConnector } from './types/postgres.connector';
import { SharepointConnector } from './types/sharepoint.connector';
import { SlackConnector } from './types/slack.connector';
import { SmbConnector } from './types/smb.connector';
import { SshConnector } from './types/ssh.connector';
import { SqliteConnector } from './types/sqlite.connector';

/** Type aliases the original accepted (the connector still sees the original type for IAM rules). */
export const TYPE_ALIASES: Readonly<Record<string, string>> = {
  psql: 'postgres',
  'postgres-aurora': 'postgres-rds',
  mariadb: 'mysql',
  'mariadb-rds': 'mysql',
  sqlite: 'sqlite3',
};

/**
 * Maps connection types (case-insensitive, aliases folded) to connector plugins.
 *
 * @example
 * const registry = createDefaultRegistry();
 * const resolved = await registry.resolve(spec, { secrets });
 * const session = await registry.connect(resolved);
 */
export class ConnectorRegistry {
  private readonly byType = new Map<string, Connector>();

  register(connector: Connector): this {
    for (const t of connector.types) this.byType.set(t, connector);
    return this;
  }

  /** Canonical type name for a spec type, after lower-casing and alias folding. */
  canonical(type: string): string {
    const t = type.toLowerCase();
    return TYPE_ALIASES[t] ?? t;
  }

  has(type: string): boolean {
    return this.byType.has(this.canonical(type));
  }

  get(type: string): Connector {
    const c = this.byType.get(this.canonical(type));
    if (c === undefined)
      throw new ConnectionUnsupportedError(`Unsupported connection type: ${type}`, { type });
    return c;
  }

  database(type: string): DatabaseConnector {
    const c = this.get(type);
    if (!isDatabaseConnector(c))
      throw new ConnectionUnsupportedError(`${type} is not a database connection`, { type });
    return c;
  }

  /** Validate `enabled`, then let the type's plugin resolve every secret. */
  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedConnection> {
    if (typeof spec.conn_id !== 'string' || typeof spec.type !== 'string') {
      throw new ConnectionInvalidError('conn_id and type must be specified');
    }
    if (spec.enabled !== true) throw new ConnectionDisabledError(spec.conn_id);
    return this.get(spec.type).resolve(spec, ctx);
  }

  /** Open a session on a resolved database connection. */
  async connect(resolved: ResolvedConnection, opts?: ConnectOptions): Promise<SqlSession> {
    if (resolved.kind !== 'database')
      throw new ConnectionUnsupportedError(`${resolved.type} is not a database connection`);
    return this.database(resolved.type).connect(resolved, opts);
  }
}

/** Registry with every built-in connector. */
export function createDefaultRegistry(): ConnectorRegistry {
  return new ConnectorRegistry()
    .register(new PostgresConnector())
    .register(new MysqlConnector())
    .register(new OracleConnector())
    .register(new MssqlConnector())
    .register(new SqliteConnector())
    .register(new AwsConnector())
    .register(new GenericConnector())
    .register(new EmailConnector())
    .register(new SlackConnector())
    .register(new SmbConnector())
    .register(new SshConnector())
    .register(new SharepointConnector())
    .register(new DockerConnector());
}

export type { ResolvedDbConnection };
