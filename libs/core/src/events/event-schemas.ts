import { TRACEPARENT_PATTERN } from '../ports/telemetry';
import { RUN_STATUSES } from './statuses';

/** Schema fragments shared by event detail schemas. */
const str = { type: 'string', minLength: 1 } as const;
const optStr = { type: 'string' } as const;
const ts = { type: 'string', lavaFormat: 'timestamp' } as const;
const map = { type: 'object' } as const;
const version = { type: 'integer', minimum: 1 } as const;
/** W3C traceparent of the span that sent the event (tracing on); joins the run's trace. */
const traceparent = { type: 'string', pattern: TRACEPARENT_PATTERN.source } as const;

function detail(required: string[], properties: Record<string, object>): object {
  return {
    type: 'object',
    required: ['schema_version', ...required],
    additionalProperties: false,
    properties: { schema_version: version, ...properties },
  };
}

/** `Dispatch Requested`: the original helper's JSON request, plus correlation fields. */
export const DISPATCH_REQUESTED_SCHEMA = detail(['job_id'], {
  job_id: str,
  realm: str,
  parameters: map,
  globals: map,
  delay: { type: ['number', 'string'], lavaFormat: 'delay' },
  idempotency_key: str,
  /** Who asked: a CLI user, a parent run, a trigger id, a schedule... Free text. */
  requested_by: optStr,
  /** For scheduled dispatches: the cron slot, part of the idempotency key. */
  scheduled_time: ts,
  /** Deep-merge parameters/globals into the job's instead of the original shallow merge. */
  deep_merge: { type: 'boolean' },
  /**
   * Resume this fleet-mode foreach or dag parent run (audit logger's coordinator): the dispatcher
   * sends it again only when its fleet record is final, with the maps that record holds.
   */
  resume_run_id: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' },
  traceparent,
});

/** Fields every run-progress event carries. `info` is free-form but secret-looking keys are redacted on send. */
const runFields = {
  realm: str,
  job_id: str,
  run_id: str,
  worker: str,
  hostname: optStr,
  ts_event: ts,
  ts_dispatch: optStr,
  instance_id: optStr,
  iteration: { type: 'integer', minimum: 0 },
  info: {},
  /** The fleet-mode foreach or dag run this run is a child of. */
  parent_run_id: str,
  traceparent,
};

export function runEventSchema(statuses: readonly string[]): object {
  return detail(['realm', 'job_id', 'run_id', 'worker', 'status', 'ts_event'], {
    ...runFields,
    status: { enum: [...statuses] },
  });
}

export const JOB_DISPATCHED_SCHEMA = detail(
  ['realm', 'job_id', 'run_id', 'worker', 'status', 'ts_dispatch'],
  {
    realm: str,
    job_id: str,
    run_id: str,
    worker: str,
    status: { const: 'dispatched' },
    ts_dispatch: ts,
    queue: str,
    delay_seconds: { type: 'integer', minimum: 0, maximum: 900 },
    idempotency_key: str,
    requested_by: optStr,
    conn_ids: { type: 'array', items: str },
    /** Sent in the original's message form to a fleet of the original's workers. */
    legacy_worker: { type: 'boolean' },
    traceparent,
  },
);

export const DISPATCH_REJECTED_SCHEMA = detail(['realm', 'job_id', 'status', 'reason', 'ts_event'], {
  realm: str,
  job_id: { type: 'string' },
  run_id: str,
  status: { const: 'rejected' },
  reason: str,
  code: str,
  ts_event: ts,
  idempotency_key: str,
  requested_by: optStr,
});

const secretFields = {
  realm: str,
  job_id: str,
  run_id: str,
  worker: str,
  conn_id: str,
  ts_event: ts,
  traceparent,
};

export const SECRET_ACCESSED_SCHEMA = detail(['realm', 'job_id', 'run_id', 'conn_id', 'ts_event'], {
  ...secretFields,
  connection_type: optStr,
});

export const SECRET_DENIED_SCHEMA = detail(['realm', 'conn_id', 'reason', 'ts_event'], {
  ...secretFields,
  reason: str,
  code: str,
});

export const SCHEDULE_MISSED_SCHEMA = detail(['realm', 'job_id', 'scheduled_time', 'reason', 'ts_event'], {
  realm: str,
  job_id: str,
  scheduled_time: ts,
  reason: str,
  dispatcher: optStr,
  ts_event: ts,
});

/** `Operator Action` (lava.api, lava.cli): one operating request (HTTP API or CLI) and its outcome. */
export const OPERATOR_ACTION_SCHEMA = detail(
  ['realm', 'action', 'principal', 'role', 'outcome', 'ts_event'],
  {
    realm: str,
    action: { enum: ['dispatch', 'retry', 'pause', 'resume'] },
    /** Who: a token name or an OIDC subject; never a credential. */
    principal: str,
    role: { enum: ['reader', 'operator', 'admin'] },
    outcome: { enum: ['accepted', 'refused'] },
    ts_event: ts,
    job_id: str,
    run_id: str,
    /** For a retry: the run retried. */
    retry_of: str,
    dispatcher: str,
    reason: optStr,
    code: str,
  },
);

export const ALL_STATUSES = RUN_STATUSES;
