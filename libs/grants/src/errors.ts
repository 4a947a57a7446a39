import { LavaError } from '@lava/errors';
/** Why a run grant was refused. Stable codes: the broker puts them in `Secret Denied` events. */
export type GrantRefusal =
  | 'GRANT_MALFORMED'
  | 'GRANT_BAD_SIGNATURE'
  | 'GRANT_UNKNOWN_KEY'
  | 'GRANT_EXPIRED'
  | 'GRANT_NOT_YET_VALID'
  | 'GRANT_WRONG_REALM'
  | 'GRANT_WRONG_WORKER'
  | 'GRANT_CONNECTION_NOT_NAMED'
  | 'GRANT_RUN_FINISHED'
  | 'GRANT_WRONG_RUN'
  | 'WORKER_SIGNATURE_MISSING'
  | 'WORKER_SIGNATURE_MALFORMED'
  | 'WORKER_SIGNATURE_UNKNOWN_KEY'
  | 'WORKER_SIGNATURE_STALE'
  | 'WORKER_SIGNATURE_INVALID';

/** A run grant failed verification. The message never contains the token or a key. */
export class GrantError extends LavaError {
  override readonly name = 'GrantError';
  constructor(
    override readonly code: GrantRefusal,
    message: string,
  ) {
    super(code, message);
  }
}
