import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GrantError } from './errors';
import type { GrantKey } from './run-grant';

/**
 * What a worker's broker request says, bound together by the worker's own key: a run grant read
 * from a queue is useless to any process that does not hold that key (the worker's jobs do not).
 */
export interface WorkerRequest {
  realm: string;
  worker: string;
  job_id: string;
  run_id: string;
  conn_id: string;
  /** The run grant presented with the request (hashed into the signature). */
  grant: string;
}

const VERSION = 'lw1';

/** Secrets Manager id of one worker fleet's request-signing keyring (GrantKeyring document). */
export function workerKeySecretId(realm: string, worker: string): string {
  return `lava/${realm}/_worker-keys/${worker}`;
}

/**
 * Signs a broker request as `lw1.<kid>.<epoch seconds>.<base64url(hmac)>`, sent in the
 * `X-Lava-Worker-Signature` header.
 * @example signWorkerRequest({ realm: 'demo', worker: 'core', job_id: 'j', run_id: 'r', conn_id: 'db', grant }, key, 1700000000)
 */
export function signWorkerRequest(request: WorkerRequest, key: GrantKey, nowSeconds: number): string {
  const ts = String(Math.floor(nowSeconds));
  return `${VERSION}.${key.kid}.${ts}.${mac(key.secret, ts, request)}`;
}

/**
 * Checks the signature of `request` with the keys of the worker it names; throws GrantError
 * (`WORKER_SIGNATURE_*`) when absent, malformed, signed with an unknown key, stale or wrong.
 */
export function verifyWorkerRequest(
  signature: string | undefined,
  request: WorkerRequest,
  options: { keys: ReadonlyMap<string, Buffer>; nowSeconds: number; maxAgeSeconds?: number },
): void {
  if (!signature)
    throw new GrantError(
      'WORKER_SIGNATURE_MISSING',
      `request for run ${request.run_id} is not signed by worker ${request.worker}`,
    );
  const parts = signature.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !/^\d+$/.test(parts[2]!))
    throw new GrantError('WORKER_SIGNATURE_MALFORMED', 'worker signature is not in lw1 form');
  const [, kid, ts, given] = parts as [string, string, string, string];
  const secret = options.keys.get(kid);
  if (!secret)
    throw new GrantError('WORKER_SIGNATURE_UNKNOWN_KEY', `worker ${request.worker} has no key "${kid}"`);
  const age = Math.abs(options.nowSeconds - Number(ts));
  if (age > (options.maxAgeSeconds ?? 60))
    throw new GrantError(
      'WORKER_SIGNATURE_STALE',
      `worker signature is ${age} s away from the broker's clock`,
    );
  const expected = Buffer.from(mac(secret, ts, request));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new GrantError(
      'WORKER_SIGNATURE_INVALID',
      `request is not signed with worker ${request.worker}'s key`,
    );
  }
}

function mac(secret: Buffer, ts: string, r: WorkerRequest): string {
  const grantHash = createHash('sha256').update(r.grant).digest('base64url');
  const text = JSON.stringify([VERSION, ts, r.realm, r.worker, r.job_id, r.run_id, r.conn_id, grantHash]);
  return createHmac('sha256', secret).update(text).digest('base64url');
}
