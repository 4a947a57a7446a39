import {
  jsonTextDepth,
  MAX_JSON_DEPTH,
  mergeRunInputs,
  parseRunMessage,
  parseTimestamp,
  checkLavaGlobals,
  type JsonMap,
  type RunMessage,
  type RunJob,
  type JobSource,
} from '@lava/core';

export interface IntakeDeps {
  realm: string;
  worker: string;
  jobs: JobSource;
  /** core's validateJob, returning the job with loader defaults. */
  validateJob(raw: unknown): Record<string, unknown>;
}

/** A message that may run, with its augmented spec. */
export interface AcceptedRun {
  kind: 'run';
  message: RunMessage;
  job: RunJob;
  resumeIteration: number;
}

/** A message refused at intake: recorded as a `rejected` run event, then deleted. */
export interface RejectedRun {
  kind: 'reject';
  job_id: string;
  run_id: string;
  reason: string;
  code: string;
  ts_dispatch?: string;
}

export type IntakeDecision = AcceptedRun | RejectedRun;

/**
 * Worker intake checks. Unlike the original, every refusal becomes a
 * `rejected` event instead of a log line only, and a bad `globals.lava` timestamp is refused
 * cleanly instead of leaving the message unacknowledged.
 */
export async function intake(
  body: string,
  receiveCount: number,
  messageId: string,
  deps: IntakeDeps,
): Promise<IntakeDecision> {
  let message: RunMessage;
  // Measured before parsing: a forged message nested thousands deep must not reach recursive code.
  if (jsonTextDepth(body) > MAX_JSON_DEPTH)
    return reject(
      '-',
      messageId,
      `Run message is nested more than ${MAX_JSON_DEPTH} levels deep`,
      'RUN_MESSAGE_INVALID',
    );
  try {
    message = parseRunMessage(body);
  } catch (err) {
    const hint = peekIds(body);
    return reject(
      hint.job_id ?? '-',
      hint.run_id ?? messageId,
      (err as Error).message,
      'RUN_MESSAGE_INVALID',
    );
  }
  const refuse = (reason: string, code: string) =>
    reject(message.job_id, message.run_id, reason, code, message.ts_dispatch);
  if (message.realm !== deps.realm)
    return refuse(
      `Realm mismatch: message for ${message.realm}, worker serves ${deps.realm}`,
      'REALM_MISMATCH',
    );
  if (message.worker !== deps.worker)
    return refuse(
      `Worker mismatch: message for ${message.worker}, this is ${deps.worker}`,
      'WORKER_MISMATCH',
    );
  const raw = await deps.jobs.get(message.job_id);
  if (!raw) return refuse(`No such job: ${message.job_id}`, 'JOB_NOT_FOUND');
  let spec: Record<string, unknown>;
  try {
    spec = deps.validateJob(raw);
  } catch (err) {
    return refuse(`Bad job record: ${(err as Error).message}`, 'JOB_INVALID');
  }
  if (spec.worker !== deps.worker)
    return refuse(`Job worker ${String(spec.worker)} does not match ${deps.worker}`, 'JOB_WORKER_MISMATCH');
  const maxTries = Number(spec.max_tries ?? 0);
  if (maxTries > 0 && maxTries < receiveCount)
    return refuse(`max_tries exceeded (${receiveCount} > ${maxTries})`, 'MAX_TRIES_EXCEEDED');
  try {
    return {
      kind: 'run',
      message,
      job: augment(spec, message, deps.realm),
      resumeIteration: (message.tries ?? 0) + 1,
    };
  } catch (err) {
    return refuse((err as Error).message, 'RUN_MESSAGE_INVALID');
  }
}

/** The job spec merged with the message (shallow, as the original) plus run fields. */
function augment(spec: Record<string, unknown>, message: RunMessage, realm: string): RunJob {
  const inputs = mergeRunInputs(spec as { parameters?: JsonMap; globals?: JsonMap }, message);
  const globals = checkLavaGlobals(inputs.globals);
  const tsDispatch = parseTimestamp(message.ts_dispatch);
  return {
    ...(structuredClone(spec) as Record<string, unknown>),
    job_id: message.job_id,
    type: String(spec.type),
    worker: String(spec.worker),
    payload: spec.payload,
    parameters: inputs.parameters,
    globals,
    state: structuredClone((spec.state as Record<string, unknown>) ?? {}),
    run_id: message.run_id,
    realm,
    ts_dispatch: tsDispatch,
    ts_start: tsDispatch,
    ts_ustart: tsDispatch,
  };
}

function reject(
  job_id: string,
  run_id: string,
  reason: string,
  code: string,
  ts_dispatch?: string,
): RejectedRun {
  return { kind: 'reject', job_id, run_id, reason, code, ts_dispatch };
}

/** Best-effort ids from a body that failed validation, so the rejection names the run when it can. */
function peekIds(body: string): { job_id?: string; run_id?: string } {
  try {
    const v = JSON.parse(body) as Record<string, unknown>;
    return {
      job_id: typeof v.job_id === 'string' && v.job_id ? v.job_id : undefined,
      run_id: typeof v.run_id === 'string' && v.run_id ? v.run_id : undefined,
    };
  } catch {
    return {};
  }
}
