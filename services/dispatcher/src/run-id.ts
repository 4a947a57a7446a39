import { createHash } from 'node:crypto';

/**
 * A run_id derived from the SQS message id and the request's position in the body, shaped as a
 * UUID v4. Redelivery of the same message yields the same run_id, so a dispatch that crashed
 * after claiming its idempotency key can finish on redelivery instead of being taken for a
 * duplicate, and a worker sees the same run either way.
 */
export function deterministicRunId(messageId: string, index: number): string {
  const h = createHash('sha256').update(`${messageId}/${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
