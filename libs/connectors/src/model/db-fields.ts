import { ConnectionInvalidError, SecretUnavailableError } from '../errors';
import type {
  ConnectionSpec,
  DbParams,
  ResolveContext,
  ResolvedDbConnection,
  SqlDialect,
  SslMode,
} from './connection';
import { optBool, optInt, optString } from './fields';
import { sanitiseMessage } from './sanitise';

/** Raw DB fields after SSM and Secrets Manager expansion, before IAM and validation. */
export interface ExpandedDbFields {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  description?: string;
  serviceName?: string;
  sid?: string;
  secretValues: string[];
}

// Secrets Manager JSON key -> lava field.
const SECRET_KEY_MAP: Readonly<
  Record<string, keyof Omit<ExpandedDbFields, 'secretValues' | 'port'> | 'port'>
> = {
  username: 'user',
  password: 'password',
  host: 'host',
  port: 'port',
  dbname: 'database',
  dbClusterIdentifier: 'description',
  serviceName: 'serviceName',
  sid: 'sid',
};

/**
 * Expand `password` (SSM name) then fill fields the spec lacks from `secret_id` (Secrets Manager JSON).
 * The explicit SSM password always wins; secret values are used literally.
 */
export async function expandDbFields(spec: ConnectionSpec, ctx: ResolveContext): Promise<ExpandedDbFields> {
  const out: ExpandedDbFields = {
    host: optString(spec, 'host'),
    port: optInt(spec, 'port'),
    user: optString(spec, 'user'),
    database: optString(spec, 'database'),
    description: optString(spec, 'description'),
    serviceName: optString(spec, 'service_name'),
    sid: optString(spec, 'sid'),
    secretValues: [],
  };
  const passwordParam = optString(spec, 'password');
  if (passwordParam !== undefined) {
    out.password = await fetchSecret(
      () => ctx.secrets.ssmParameter(passwordParam),
      spec,
      'password parameter',
    );
    out.secretValues.push(out.password);
  }
  const secretId = optString(spec, 'secret_id');
  if (secretId !== undefined) await fillFromSecret(out, spec, secretId, ctx);
  return out;
}

async function fillFromSecret(
  out: ExpandedDbFields,
  spec: ConnectionSpec,
  id: string,
  ctx: ResolveContext,
): Promise<void> {
  const text = await fetchSecret(() => ctx.secrets.secretsManager(id), spec, 'secret_id');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConnectionInvalidError('secret_id does not hold a JSON object', { conn_id: spec.conn_id });
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new ConnectionInvalidError('secret_id does not hold a JSON object', { conn_id: spec.conn_id });
  }
  for (const [key, field] of Object.entries(SECRET_KEY_MAP)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === undefined || value === null || out[field] !== undefined) continue;
    if (field === 'port') out.port = Number(value);
    else out[field] = String(value);
    if (field === 'password') out.secretValues.push(String(value));
  }
}

async function fetchSecret(fn: () => Promise<string>, spec: ConnectionSpec, what: string): Promise<string> {
  try {
    return await fn();
  } catch (err) {
    const msg = err instanceof Error ? err.message : 'unknown error';
    throw new SecretUnavailableError(`Cannot read ${what}: ${sanitiseMessage(msg)}`, {
      conn_id: spec.conn_id,
    });
  }
}

/** `ssl` accepts false | true | "require" | "verify-ca" | "verify-full"; `true` means verify-full. */
export function parseSslMode(spec: ConnectionSpec): SslMode {
  const v = spec['ssl'];
  if (v === undefined || v === null || v === false || v === 'false' || v === 'disable') return 'disable';
  if (v === true || v === 'true') return 'verify-full';
  if (v === 'require' || v === 'verify-ca' || v === 'verify-full') return v;
  throw new ConnectionInvalidError('ssl must be true, false, "require", "verify-ca" or "verify-full"', {
    conn_id: spec.conn_id,
  });
}

/** Required host/port after expansion (port coerced to integer). */
export function requireHostPort(f: ExpandedDbFields, spec: ConnectionSpec): { host: string; port: number } {
  if (f.host === undefined)
    throw new ConnectionInvalidError('host must be specified', { conn_id: spec.conn_id });
  if (f.port === undefined || !Number.isInteger(f.port) || f.port <= 0) {
    throw new ConnectionInvalidError('port must be specified as an integer', { conn_id: spec.conn_id });
  }
  return { host: f.host, port: f.port };
}

export function requireUser(f: ExpandedDbFields, spec: ConnectionSpec): string {
  if (f.user === undefined)
    throw new ConnectionInvalidError('user must be specified', { conn_id: spec.conn_id });
  return f.user;
}

export function requirePassword(password: string | undefined, spec: ConnectionSpec): string {
  if (password === undefined)
    throw new ConnectionInvalidError('Password must be specified', { conn_id: spec.conn_id });
  return password;
}

export function preserveCase(spec: ConnectionSpec): boolean {
  return optBool(spec, 'preserve_case', false);
}

/**
 * Client application name: quotes and backslashes stripped, cut to the engine limit.
 */
export function cleanAppName(name: string | undefined, maxLength: number): string | undefined {
  if (name === undefined) return undefined;
  const cleaned = name.replace(/['"\\]/g, '').slice(0, maxLength);
  return cleaned === '' ? undefined : cleaned;
}

/** The longest client application name each engine keeps (pg NAMEDATALEN-1, mysql attr, Oracle module). */
const APP_NAME_LIMITS: Readonly<Record<SqlDialect, number | undefined>> = {
  postgresql: 63,
  redshift: 250,
  mysql: 64,
  mssql: 128,
  oracle: 48,
  sqlite3: undefined,
};

/**
 * The connection with a per-job client application name (`CONN_APP_NAME`, rendered by
 * the worker for each run), cleaned and cut to the engine's limit. Sessions then identify
 * themselves with it: pg `application_name`, mysql `program_name` attribute, mssql `appName`,
 * Oracle `module`, and `PGAPPNAME` for psql. SQLite has no such notion and is returned unchanged.
 *
 * @example
 * const resolved = withAppName(released, 'lv-prod-daily/load'); // resolved.db.appName === 'lv-prod-daily/load'
 */
export function withAppName(r: ResolvedDbConnection, name: string | undefined): ResolvedDbConnection {
  const appName = dialectAppName(name, r.dialect);
  return appName === undefined ? r : { ...r, db: { ...r.db, appName } };
}

/** `name` cleaned and cut to the limit of `dialect`; undefined for SQLite, which keeps none. */
function dialectAppName(name: string | undefined, dialect: SqlDialect): string | undefined {
  const limit = APP_NAME_LIMITS[dialect];
  return limit === undefined ? undefined : cleanAppName(name, limit);
}

/** Render the default `CONN_APP_NAME` template `lv-{{ realm }}-{{ job_id }}` without a template engine. */
export function defaultAppName(ids: { realm?: string; jobId?: string; connId?: string }): string | undefined {
  if (ids.realm === undefined || ids.jobId === undefined || ids.connId === undefined) return undefined;
  return `lv-${ids.realm}-${ids.jobId}`;
}

/**
 * A database connection spec with its fields expanded (`expandDbFields`), and the rules every
 * server engine's connector reads them by. Each accessor checks when called, so a connector keeps
 * the order of its own checks (and so which error a spec with several faults gets).
 *
 * @example
 * const s = await ExpandedDbSpec.expand(spec, ctx);
 * const { host, port } = s.hostPort();
 * return s.resolved({ type: 'mssql', canonicalType: 'mssql', dialect: 'mssql', db: { host, port, ... } });
 */
export class ExpandedDbSpec {
  private constructor(
    readonly spec: ConnectionSpec,
    readonly fields: ExpandedDbFields,
  ) {}

  static async expand(spec: ConnectionSpec, ctx: ResolveContext): Promise<ExpandedDbSpec> {
    return new ExpandedDbSpec(spec, await expandDbFields(spec, ctx));
  }

  hostPort(): { host: string; port: number } {
    return requireHostPort(this.fields, this.spec);
  }

  user(): string {
    return requireUser(this.fields, this.spec);
  }

  /** `password` (the expanded one, or a token the connector obtained), which must be there. */
  requirePassword(password: string | undefined): string {
    return requirePassword(password, this.spec);
  }

  database(): string {
    if (this.fields.database === undefined)
      throw new ConnectionInvalidError('database must be specified', { conn_id: this.spec.conn_id });
    return this.fields.database;
  }

  ssl(): SslMode {
    return parseSslMode(this.spec);
  }

  preserveCase(): boolean {
    return preserveCase(this.spec);
  }

  /** The client application name, cleaned and cut to the limit of `dialect`. */
  appName(name: string | undefined, dialect: SqlDialect): string | undefined {
    return dialectAppName(name, dialect);
  }

  /** The resolved connection around `db`; its password joins the secret values to mask. */
  resolved(r: {
    type: string;
    canonicalType: string;
    dialect: SqlDialect;
    db: DbParams;
  }): ResolvedDbConnection {
    return {
      kind: 'database',
      connId: this.spec.conn_id,
      type: r.type,
      canonicalType: r.canonicalType,
      dialect: r.dialect,
      spec: this.spec,
      db: r.db,
      secretValues: [...this.fields.secretValues, r.db.password],
    };
  }
}
