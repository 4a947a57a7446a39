import { LavaError } from '@lava/core';
import type { GrantRefusal } from '@lava/grants';

/**
 * Why the broker refused a request. Stable codes: they travel in `Secret Denied` events and in
 * the API's error body, so operators and the worker can tell refusals apart.
 */
export type BrokerRefusal =
  | GrantRefusal
  | 'GRANT_MISSING'
  | 'GRANT_RUN_NOT_STARTED'
  | 'BAD_REQUEST'
  | 'CONNECTION_NOT_FOUND'
  | 'CONNECTION_UNUSABLE'
  | 'SECRET_UNAVAILABLE';

/** HTTP status of each refusal: 401 = the grant itself is bad, 403 = it does not cover this. */
const STATUS: Record<BrokerRefusal, number> = {
  GRANT_MISSING: 401,
  GRANT_MALFORMED: 401,
  GRANT_BAD_SIGNATURE: 401,
  GRANT_UNKNOWN_KEY: 401,
  GRANT_EXPIRED: 401,
  GRANT_NOT_YET_VALID: 401,
  GRANT_WRONG_REALM: 403,
  GRANT_WRONG_WORKER: 403,
  GRANT_CONNECTION_NOT_NAMED: 403,
  GRANT_RUN_FINISHED: 403,
  GRANT_RUN_NOT_STARTED: 403,
  GRANT_WRONG_RUN: 403,
  WORKER_SIGNATURE_MISSING: 401,
  WORKER_SIGNATURE_MALFORMED: 401,
  WORKER_SIGNATURE_UNKNOWN_KEY: 401,
  WORKER_SIGNATURE_STALE: 401,
  WORKER_SIGNATURE_INVALID: 401,
  BAD_REQUEST: 400,
  CONNECTION_NOT_FOUND: 404,
  CONNECTION_UNUSABLE: 422,
  SECRET_UNAVAILABLE: 502,
};

/** A refused request. The message names ids and reasons only, never a token, key or secret. */
export class BrokerRefusedError extends LavaError {
  override readonly name = 'BrokerRefusedError';
  readonly status: number;
  constructor(
    override readonly code: BrokerRefusal,
    message: string,
  ) {
    super(code, message);
    this.status = STATUS[code];
  }
}
