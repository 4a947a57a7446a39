import {
  formatTimestamp,
  isLegacyWorker,
  isPlainObject,
  jobConnectionIds,
  mergeRunInputs,
  parseDuration,
  validateJob,
  workerQueueName,
  type JsonMap,
} from '@lava/core';
import type { RunGrantClaims } from '@lava/grants';
import { deferredBody, type InboundRequest, type Rejection } from './dispatch-body';
import { DISPATCH_REJECTION_CODES as CODES } from './errors';

/** Limits the decision applies (from config). */
export interface DispatchLimits {
  /** Longest delay accepted, seconds. */
  maxDelaySeconds: number;
  /** Longest single SQS delay (900 in production). */
  hopSeconds: number;
  /** Minimum run grant lifetime once the run may start, seconds. */
  grantTtlSeconds: number;
}

export interface PlanInput {
  realm: string;
  request: InboundRequest;
  /** The raw job record, or undefined when there is none. */
  job: Record<string, unknown> | undefined;
  /** Realm record (default actions may name connections). */
  realmRecord?: Record<string, unknown>;
  now: Date;
  limits: DispatchLimits;
  deepMergeDefault: boolean;
  tz: string;
}

/** What to do with one request. */
export type DispatchPlan =
  | { kind: 'reject'; rejection: Rejection }
  /** Too far in the future for one SQS delay: hop through the dispatch queue. */
  | { kind: 'defer'; body: string; delaySeconds: number; dueAt: number }
  | { kind: 'send'; send: RunSend };

/** A run ready to go to its worker queue (the grant is signed from `claims` by the caller). */
export interface RunSend {
  worker: string;
  queueName: string;
  delaySeconds: number;
  tsDispatch: string;
  /** The fleet runs the original's Python worker: send the original's message form (no grant). */
  legacy: boolean;
  /** What the run message carries (the request's own maps; the worker merges the job's). */
  parameters: JsonMap;
  globals: JsonMap;
  claims: RunGrantClaims;
}

/**
 * What the run message carries. As the original, only what the request gave: the worker merges
 * it over the job record when the run starts, so an edit to the job between dispatch and run
 * takes effect. A deep merge cannot be redone by the worker's one-level merge, so then the merged
 * maps travel (their top-level keys, merged again over the job, give the same result).
 */
function messageInputs(
  request: InboundRequest,
  merged: { parameters: JsonMap; globals: JsonMap },
  deep: boolean,
): { parameters: JsonMap; globals: JsonMap } {
  return deep ? merged : { parameters: request.parameters, globals: request.globals };
}

/** Extra grant life beyond the job's own timeout: queue wait, start-up, actions. */
const GRANT_SLACK_SECONDS = 900;

/**
 * The dispatch decision for one request (plus delays, grants and rejections):
 * resolve the job and its worker, check the delay, merge inputs, and either send now (with a
 * delay of at most one hop), defer through the dispatch queue, or reject with a precise code.
 * Pure: every input is given, nothing is read or written.
 */
export function planDispatch(input: PlanInput): DispatchPlan {
  const { request, limits, now } = input;
  const reject = (code: Rejection['code'], reason: string): DispatchPlan => ({
    kind: 'reject',
    rejection: rejection(request, code, reason),
  });
  if (request.due_at === undefined && request.delay_seconds > limits.maxDelaySeconds) {
    return reject(
      CODES.BAD_DELAY,
      `Bad delay: ${request.delay_seconds}: must be at most ${limits.maxDelaySeconds} seconds`,
    );
  }
  // A deferred hop is only ever written within the maximum delay; a later due time is forged
  // (or the limit was lowered since) and would otherwise hop through the queue forever.
  if (request.due_at !== undefined && request.due_at - now.getTime() > limits.maxDelaySeconds * 1000) {
    const due = Number.isFinite(new Date(request.due_at).getTime())
      ? new Date(request.due_at).toISOString()
      : String(request.due_at);
    return reject(
      CODES.BAD_DELAY,
      `Deferred dispatch due ${due}, beyond the maximum delay of ${limits.maxDelaySeconds} seconds`,
    );
  }
  if (!input.job) return reject(CODES.UNKNOWN_JOB, `No such job: ${request.job_id}`);
  let job;
  try {
    job = validateJob(input.job).value;
  } catch (e) {
    return reject(CODES.INVALID_JOB, `Job ${request.job_id} is invalid: ${(e as Error).message}`);
  }
  let queueName: string;
  try {
    queueName = workerQueueName(input.realm, job.worker);
  } catch (e) {
    return reject(CODES.UNKNOWN_WORKER_QUEUE, `Worker ${job.worker} has no queue: ${(e as Error).message}`);
  }
  const dueAt = request.due_at ?? now.getTime() + request.delay_seconds * 1000;
  const remaining = Math.max(0, Math.ceil((dueAt - now.getTime()) / 1000));
  if (remaining > limits.hopSeconds)
    return { kind: 'defer', body: deferredBody(request, dueAt), delaySeconds: limits.hopSeconds, dueAt };
  const deep = request.deep_merge ?? input.deepMergeDefault;
  const inputs = mergeRunInputs(job, request, { deep });
  const iat = Math.floor(now.getTime() / 1000);
  const life = Math.max(limits.grantTtlSeconds, jobTimeoutSeconds(inputs.parameters) + GRANT_SLACK_SECONDS);
  return {
    kind: 'send',
    send: {
      worker: job.worker,
      queueName,
      delaySeconds: remaining,
      tsDispatch: formatTimestamp(now, input.tz),
      legacy: isLegacyWorker(input.realmRecord, job.worker),
      ...messageInputs(request, inputs, deep),
      claims: {
        realm: input.realm,
        job_id: request.job_id,
        run_id: request.run_id,
        worker: job.worker,
        conn_ids: jobConnectionIds({ ...job, parameters: inputs.parameters }, input.realmRecord),
        iat,
        exp: iat + remaining + life,
      },
    },
  };
}

/** A rejection of `request`, carrying its correlation fields. */
export function rejection(request: InboundRequest, code: Rejection['code'], reason: string): Rejection {
  return {
    job_id: request.job_id,
    run_id: request.run_id,
    reason,
    code,
    ...(request.idempotency_key ? { idempotency_key: request.idempotency_key } : {}),
    ...(request.requested_by !== undefined ? { requested_by: request.requested_by } : {}),
  };
}

/** `parameters.timeout` of cmd/exe/pkg jobs, seconds; 0 when absent or not a duration. */
function jobTimeoutSeconds(parameters: JsonMap): number {
  const t = isPlainObject(parameters) ? parameters.timeout : undefined;
  if (t === undefined || t === null) return 0;
  try {
    return Math.max(0, Math.ceil(parseDuration(t)));
  } catch {
    return 0;
  }
}
