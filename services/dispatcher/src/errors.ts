import { LavaError } from '@lava/core';
/**
 * Stable reason codes of `Dispatch Rejected` events. Values never change once published:
 * alarms, dashboards and tests match on them.
 */
export const DISPATCH_REJECTION_CODES = {
  /** The body looks like JSON (`{`/`[`) but does not parse. */
  MALFORMED_JSON: 'DISPATCH_MALFORMED_JSON',
  /** A request (JSON item, text line, event detail) breaks the request contract. */
  INVALID_REQUEST: 'DISPATCH_INVALID_REQUEST',
  /** An EventBridge event other than `Dispatch Requested` reached the dispatch queue. */
  UNSUPPORTED_EVENT: 'DISPATCH_UNSUPPORTED_EVENT',
  /** The request names another realm. */
  REALM_MISMATCH: 'DISPATCH_REALM_MISMATCH',
  /** No such job in `lava.<realm>.jobs`. */
  UNKNOWN_JOB: 'DISPATCH_UNKNOWN_JOB',
  /** The job record is there but does not validate. */
  INVALID_JOB: 'DISPATCH_INVALID_JOB',
  /** `lava-<realm>-<worker>` does not exist (or the worker name is not a valid queue name). */
  UNKNOWN_WORKER_QUEUE: 'DISPATCH_UNKNOWN_WORKER_QUEUE',
  /** Delay not a duration, negative, or beyond `LAVA_MAX_DELAY_SECONDS` (a deferred hop's due time too). */
  BAD_DELAY: 'DISPATCH_BAD_DELAY',
  /** Nesting, key size or message size beyond what the queues and tables accept. */
  LIMIT_EXCEEDED: 'DISPATCH_LIMIT_EXCEEDED',
  /** A trigger or rule asked for a job whose `enabled` is false. */
  JOB_DISABLED: 'DISPATCH_JOB_DISABLED',
  /** An s3trigger or rule record is invalid (bad fields, unknown condition, unknown rule id). */
  TRIGGER_INVALID: 'DISPATCH_TRIGGER_INVALID',
  /** A trigger's or rule's Jinja `job_id`/`parameters`/`globals` failed to render. */
  TRIGGER_RENDER_FAILED: 'DISPATCH_TRIGGER_RENDER_FAILED',
  /** `resume_run_id` names no fleet-mode parent of this job whose children are all done. */
  FLEET_RESUME_REFUSED: 'DISPATCH_FLEET_RESUME_REFUSED',
  /** A trigger-queue message is neither an S3 event nor a rule event. */
  TRIGGER_EVENT_UNRECOGNISED: 'DISPATCH_TRIGGER_EVENT_UNRECOGNISED',
} as const;
export type DispatchRejectionCode = (typeof DISPATCH_REJECTION_CODES)[keyof typeof DISPATCH_REJECTION_CODES];

/** The grant keyring secret exists but cannot be used (bad JSON, no current key). */
export class GrantKeyringError extends LavaError {
  override readonly name = 'GrantKeyringError';
  constructor(secretId: string, cause: unknown) {
    super(
      'DISPATCH_GRANT_KEYRING_INVALID',
      `grant keyring ${secretId} is unusable: ${(cause as Error).message}`,
      {
        cause,
        context: { secret: secretId },
      },
    );
  }
}
