import { runIdFromSeed } from '@lava/core';

/**
 * The run_id of a request without an idempotency key: derived from the SQS message id and the
 * request's position in the body. Redelivery of the same message yields the same run_id, so a
 * worker sees the same run either way. Requests with a key get `requestRunId` instead.
 */
export function deterministicRunId(messageId: string, index: number): string {
  return runIdFromSeed(`${messageId}/${index}`);
}
