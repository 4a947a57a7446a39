import { ConnectorError, SqlFailedError } from '../errors';

const MASK = '***';

/**
 * Remove secrets from a message: every known secret value, URL userinfo passwords and
 * `password=...` style pairs (drivers echo connection strings in some errors).
 */
export function sanitiseMessage(message: string, secrets: readonly string[] = []): string {
  let out = message;
  // Longest first so a secret that contains another is masked whole.
  const sorted = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(MASK);
  out = out.replace(/(\/\/[^/\s:@]*:)[^@\s/]*@/g, `$1${MASK}@`);
  out = out.replace(/\b(password|pwd|passwd|secret|token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;,&]+)/gi, `$1$2${MASK}`);
  return out;
}

interface DriverErrorShape {
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  number?: unknown;
}

/** Extract the driver's error code (SQLSTATE, mysql code, ORA- number) without keeping the object. */
export function driverErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as DriverErrorShape;
  for (const v of [e.sqlState, e.code, e.errno, e.number]) {
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * Translate any driver error into a ConnectorError with a sanitised message. The original error is
 * deliberately not kept as `cause`: driver errors can carry the connection config (with password).
 */
export function toConnectorError(
  err: unknown,
  secrets: readonly string[],
  make: (message: string, context: Record<string, unknown>) => ConnectorError = (m, c) => new SqlFailedError(m, c),
  context: Record<string, unknown> = {},
): ConnectorError {
  if (err instanceof ConnectorError) return err;
  // Duck-typed: native addons (better-sqlite3) throw errors from another realm under jest/vm.
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : err;
  const raw = typeof message === 'string' ? message : 'Unknown driver error';
  const code = driverErrorCode(err);
  return make(sanitiseMessage(raw, secrets), code === undefined ? context : { ...context, driver_code: code });
}
