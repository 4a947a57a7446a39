import { ConnectorError, SqlFailedError } from '../errors';

const MASK = '***';

/** Secrets at least this long are masked wherever they appear. */
const MASK_ANYWHERE_MIN = 8;
/** Shorter secrets down to this length are masked only as a whole token (`abc` in `abc.`, not in `abcd`). */
const MASK_TOKEN_MIN = 3;

/**
 * Remove secrets from a message: known secret values, URL userinfo passwords and `password=...`
 * style pairs (drivers echo connection strings in some errors). A short value is masked only
 * where it stands alone, and one or two characters only in those contexts: masking every `x`
 * of a one-character password would corrupt the message (`does not e***ist`) without
 * protecting anything.
 */
export function sanitiseMessage(message: string, secrets: readonly string[] = []): string {
  let out = message;
  // Longest first so a secret that contains another is masked whole.
  const sorted = [...new Set(secrets.filter((s) => s.length >= MASK_TOKEN_MIN))].sort(
    (a, b) => b.length - a.length,
  );
  for (const secret of sorted) out = out.replace(secretPattern(secret), MASK);
  out = out.replace(/(\/\/[^/\s:@]*:)[^@\s/]*@/g, `$1${MASK}@`);
  out = out.replace(
    /\b(password|pwd|passwd|secret|token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;,&]+)/gi,
    `$1$2${MASK}`,
  );
  return out;
}

function secretPattern(secret: string): RegExp {
  const literal = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    secret.length >= MASK_ANYWHERE_MIN ? literal : `(?<![A-Za-z0-9])${literal}(?![A-Za-z0-9])`,
    'g',
  );
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
  make: (message: string, context: Record<string, unknown>) => ConnectorError = (m, c) =>
    new SqlFailedError(m, c),
  context: Record<string, unknown> = {},
): ConnectorError {
  if (err instanceof ConnectorError) return err;
  // Duck-typed: native addons (better-sqlite3) throw errors from another realm under jest/vm.
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : err;
  const raw = typeof message === 'string' ? message : 'Unknown driver error';
  const code = driverErrorCode(err);
  return make(
    sanitiseMessage(raw, secrets),
    code === undefined ? context : { ...context, driver_code: code },
  );
}
