import type {
  ConnectionSpec,
  ResolveContext,
  ResolvedConnection,
  ResolvedDbConnection,
  SqlDialect,
} from '../model/connection';
import type { SqlSession } from '../session/sql-session';

/** A connection-type plugin: turns a spec into a resolved connection (secrets fetched). */
export interface Connector {
  /** Canonical type names this plugin serves (lower-case). */
  readonly types: readonly string[];
  resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedConnection>;
}

/** Options for opening a database session. */
export interface ConnectOptions {
  /** Connect timeout (default 10 s). */
  connectTimeoutMs?: number;
}

/** A database connection-type plugin. */
export interface DatabaseConnector extends Connector {
  readonly dialect: SqlDialect;
  resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDbConnection>;
  connect(resolved: ResolvedDbConnection, opts?: ConnectOptions): Promise<SqlSession>;
}

export function isDatabaseConnector(c: Connector): c is DatabaseConnector {
  return 'connect' in c && typeof (c as DatabaseConnector).connect === 'function';
}
