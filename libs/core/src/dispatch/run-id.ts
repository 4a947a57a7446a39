import { createHash } from 'node:crypto';

/** A UUID-v4-shaped id from the SHA-256 of `seed`: the same seed always gives the same id. */
export function runIdFromSeed(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The run_id of a dispatch request that carries an idempotency key: derived from the realm and
 * the key, so whoever sent the request (`lava dispatch`, the scheduler) knows the run id before
 * the dispatcher sees it, and every delivery of the request names the same run.
 *
 * @example requestRunId('acme', 'etl/load@2024-05-01T02:00:00.000Z')
 */
export function requestRunId(realm: string, idempotencyKey: string): string {
  return runIdFromSeed(`lava-request/${realm}/${idempotencyKey}`);
}
