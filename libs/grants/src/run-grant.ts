import { createHmac, timingSafeEqual } from 'node:crypto';
import { GrantError } from './errors';

/**
 * What a run grant allows: the run it belongs to and the connections its job spec names.
 * Signed by the dispatcher, verified by the secrets broker.
 */
export interface RunGrantClaims {
  realm: string;
  job_id: string;
  run_id: string;
  worker: string;
  /** conn_ids the job spec names; the broker releases no other. */
  conn_ids: string[];
  /**
   * Jobs whose stored records the broker may consult for this run: the children the job runs in
   * process (chain, foreach, dag, transitively). A connection one of them names, literally or
   * through a template, is released to that child. The top-level job is always consulted.
   */
  job_ids?: string[];
  /** Issued-at and expiry, epoch seconds. */
  iat: number;
  exp: number;
}

/** One HMAC key; `kid` lets the broker accept the previous key during a rotation. */
export interface GrantKey {
  kid: string;
  /** Raw key material (at least 32 bytes). */
  secret: Buffer;
}

const VERSION = 'lg1';

/**
 * Signs `claims` as `lg1.<kid>.<base64url(json)>.<base64url(hmac)>`.
 * @example signRunGrant({ realm: 'demo', job_id: 'j', run_id: 'r', worker: 'core', conn_ids: [], iat: 0, exp: 60 }, key)
 */
export function signRunGrant(claims: RunGrantClaims, key: GrantKey): string {
  if (key.secret.length < 32) throw new RangeError('grant keys must be at least 32 bytes');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signed = `${VERSION}.${key.kid}.${body}`;
  return `${signed}.${mac(signed, key.secret)}`;
}

export interface VerifyOptions {
  /** Accepted keys by kid (current and, during rotation, previous). */
  keys: ReadonlyMap<string, Buffer>;
  nowSeconds: number;
  /** Clock skew tolerated on `iat`, seconds. */
  skewSeconds?: number;
}

/** Verifies signature and time window; returns the claims. Throws GrantError with a stable code. */
export function verifyRunGrant(token: string, options: VerifyOptions): RunGrantClaims {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw new GrantError('GRANT_MALFORMED', 'run grant is not in lg1 form');
  const [version, kid, body, signature] = parts as [string, string, string, string];
  const secret = options.keys.get(kid);
  if (!secret) throw new GrantError('GRANT_UNKNOWN_KEY', `run grant signed with unknown key id "${kid}"`);
  if (!sameMac(mac(`${version}.${kid}.${body}`, secret), signature)) {
    throw new GrantError('GRANT_BAD_SIGNATURE', 'run grant signature does not match');
  }
  const claims = decodeClaims(body);
  const skew = options.skewSeconds ?? 30;
  if (claims.exp <= options.nowSeconds)
    throw new GrantError('GRANT_EXPIRED', `run grant expired at ${claims.exp}`);
  if (claims.iat > options.nowSeconds + skew)
    throw new GrantError('GRANT_NOT_YET_VALID', 'run grant issued in the future');
  return claims;
}

/** The jobs whose records a grant lets the broker consult: its own job and its in-process children. */
export function grantJobIds(claims: RunGrantClaims): string[] {
  return [claims.job_id, ...(claims.job_ids ?? [])];
}

/**
 * Checks that a verified grant covers `connId` for `worker` in `realm`, asked for the very run
 * (`runId`) the grant names: a grant presented for another run is refused. The job id may differ:
 * chain children run in process under their parent's run id and grant.
 */
export function assertGrantCovers(
  claims: RunGrantClaims,
  request: { realm: string; worker: string; connId: string; runId: string | undefined },
): void {
  if (claims.realm !== request.realm)
    throw new GrantError('GRANT_WRONG_REALM', `run grant is for realm "${claims.realm}"`);
  if (claims.worker !== request.worker)
    throw new GrantError('GRANT_WRONG_WORKER', `run grant is for worker "${claims.worker}"`);
  if (claims.run_id !== request.runId) {
    throw new GrantError(
      'GRANT_WRONG_RUN',
      `run grant is for run ${claims.run_id}, not the run the request names (${request.runId ?? 'none'})`,
    );
  }
  if (!claims.conn_ids.includes(request.connId)) {
    throw new GrantError(
      'GRANT_CONNECTION_NOT_NAMED',
      `job ${claims.job_id} does not name connection "${request.connId}"`,
    );
  }
}

function mac(data: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

function sameMac(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeClaims(body: string): RunGrantClaims {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new GrantError('GRANT_MALFORMED', 'run grant body is not JSON');
  }
  if (!isClaims(parsed)) throw new GrantError('GRANT_MALFORMED', 'run grant body lacks required claims');
  return parsed;
}

function isClaims(v: unknown): v is RunGrantClaims {
  const c = v as Partial<RunGrantClaims> | null;
  return (
    !!c &&
    typeof c.realm === 'string' &&
    typeof c.job_id === 'string' &&
    typeof c.run_id === 'string' &&
    typeof c.worker === 'string' &&
    Array.isArray(c.conn_ids) &&
    c.conn_ids.every((x) => typeof x === 'string') &&
    (c.job_ids === undefined ||
      (Array.isArray(c.job_ids) && c.job_ids.every((x) => typeof x === 'string'))) &&
    typeof c.iat === 'number' &&
    typeof c.exp === 'number'
  );
}
