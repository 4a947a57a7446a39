import { randomUUID } from 'node:crypto';
import { buildLavaEvent, type LavaEventEntry } from '../events/lava-event';
import type { DispatchRequest } from './dispatch-request';
import { requestRunId } from './run-id';

/** A dispatch request ready to publish, and the run id it will get. */
export interface PreparedDispatch {
  job_id: string;
  /** Derived from the idempotency key exactly as the dispatcher derives it. */
  run_id: string;
  idempotency_key: string;
  /** The `Dispatch Requested` entry for the realm bus. */
  entry: LavaEventEntry;
}

/** Who asks for a dispatch, and how. */
export interface DispatchOrigin {
  realm: string;
  /** Event source (`lava.cli`, `lava.api`). */
  source: string;
  /** Free text naming the requester, stored in the run's `dispatched` entry. */
  requestedBy: string;
  /** Deep-merge the maps into the job's instead of the original shallow merge. */
  deep?: boolean;
  /** Idempotency key; a fresh UUID when absent. */
  idempotencyKey?: string;
}

/**
 * Builds the `Dispatch Requested` event of one request. Its run id is known here, before the
 * dispatcher runs, because it is derived from the idempotency key (`requestRunId`); the key, not
 * the run id, travels in the event. Used by `lava dispatch` and the HTTP API alike.
 *
 * @example const { run_id, entry } = prepareDispatch(request, { realm, source: 'lava.cli', requestedBy: 'lava-cli' });
 */
export function prepareDispatch(request: DispatchRequest, origin: DispatchOrigin): PreparedDispatch {
  const idempotencyKey = origin.idempotencyKey ?? randomUUID();
  const detail = {
    job_id: request.job_id,
    realm: origin.realm,
    parameters: request.parameters,
    globals: request.globals,
    delay: request.delay_seconds,
    idempotency_key: idempotencyKey,
    requested_by: origin.requestedBy,
    ...(origin.deep ? { deep_merge: true } : {}),
  };
  return {
    job_id: request.job_id,
    run_id: requestRunId(origin.realm, idempotencyKey),
    idempotency_key: idempotencyKey,
    entry: buildLavaEvent('Dispatch Requested', detail, { source: origin.source }),
  };
}
