import { createHash } from 'node:crypto';
import {
  formatUtcNaive,
  normalizeTimestamp,
  OPERATOR_AUDIT_JOB_ID,
  parseTimestamp,
  type ParsedLavaEvent,
} from '@lava/core';

/** One entry for a run's events item, derived from one bus event. */
export interface AuditEntry {
  /** EventBridge event id: applying it twice is a no-op. */
  event_id: string;
  job_id: string;
  run_id: string;
  /** A run status (the original's plus `dispatched` and `lost`), or `secret_accessed` / `secret_denied`. */
  status: string;
  /** Whether `status` is a run status that may become the item's top-level status. */
  runStatus: boolean;
  ts_event: string;
  /** Naive UTC ISO, whole seconds. */
  tu_event: string;
  /** Epoch ms of ts_event: orders the log. */
  ms: number;
  /** JSON-safe. */
  info: unknown;
  /**
   * Top-level attributes the event sets (worker, hostname, ts_dispatch, instance_id, and
   * `worker_id`: the instance id, or null when the worker is not on EC2, as the original wrote).
   */
  attributes: Record<string, string | null>;
}

/** What the audit logger does with an event. */
export type AuditDecision =
  | { kind: 'record'; entry: AuditEntry }
  /** Not about one run (or names none): logged, not stored. */
  | { kind: 'log'; level: 'debug' | 'info' | 'warn'; msg: string; fields: Record<string, unknown> };

/** A stable id for an event without an EventBridge id (a raw entry): the hash of its body. */
export function fallbackEventId(body: string): string {
  return `sha256:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}

/**
 * Decides how an event is recorded. Run events (`Job Dispatched`, `Job Run *`, `Dispatch
 * Rejected` naming a run) carry a status. `Secret Accessed`/`Secret Denied` naming a run join
 * that run's log (status `secret_accessed`/`secret_denied`) without changing its status, so
 * `lava run` shows which connections a run used. `Operator Action` (the HTTP API's audit
 * trail) joins the run it names, or the dispatcher's operator item. Everything else (`Dispatch Requested`,
 * `Schedule Missed`, rejections of unreadable requests) is logged only.
 */
export function decideAuditEntry(event: ParsedLavaEvent, eventId: string): AuditDecision {
  const d = event.detail;
  const str = (k: string): string | undefined =>
    typeof d[k] === 'string' && d[k] ? (d[k] as string) : undefined;
  const entry = (
    status: string,
    runStatus: boolean,
    ts: string,
    info: unknown,
    attributes: Record<string, string | null | undefined>,
    ids: { job_id: string; run_id: string } = { job_id: str('job_id')!, run_id: str('run_id')! },
  ): AuditDecision => {
    const at = parseTimestamp(ts);
    return {
      kind: 'record',
      entry: {
        event_id: eventId,
        ...ids,
        status,
        runStatus,
        // One stored form, whatever the producer sent (`…Z`, milliseconds): the original's.
        ts_event: normalizeTimestamp(ts),
        tu_event: formatUtcNaive(at),
        ms: at.getTime(),
        info: jsonSafe(info),
        attributes: Object.fromEntries(
          Object.entries(attributes).filter(
            (kv): kv is [string, string | null] => kv[1] !== undefined && kv[1] !== '',
          ),
        ),
      },
    };
  };
  const names = { job_id: str('job_id'), run_id: str('run_id') };
  const hasRun = !!names.job_id && !!names.run_id;
  switch (event.detailType) {
    case 'Job Dispatched':
      return entry(
        'dispatched',
        true,
        str('ts_dispatch')!,
        pick(d, ['queue', 'delay_seconds', 'requested_by', 'idempotency_key', 'legacy_worker']),
        {
          ts_dispatch: normalizeTimestamp(str('ts_dispatch')),
          worker: str('worker'),
        },
      );
    case 'Dispatch Rejected':
      if (!hasRun)
        return {
          kind: 'log',
          level: 'info',
          msg: 'dispatch rejected before a run existed',
          fields: pick(d, ['job_id', 'reason', 'code']),
        };
      return entry(
        'rejected',
        true,
        str('ts_event')!,
        pick(d, ['reason', 'code', 'requested_by', 'idempotency_key']),
        {},
      );
    case 'Secret Accessed':
      return entry(
        'secret_accessed',
        false,
        str('ts_event')!,
        pick(d, ['conn_id', 'connection_type', 'worker']),
        {},
      );
    case 'Secret Denied':
      if (!hasRun)
        return {
          kind: 'log',
          level: 'warn',
          msg: 'secret denied',
          fields: pick(d, ['conn_id', 'reason', 'code', 'worker']),
        };
      return entry(
        'secret_denied',
        false,
        str('ts_event')!,
        pick(d, ['conn_id', 'reason', 'code', 'worker']),
        {},
      );
    case 'Schedule Missed':
      return {
        kind: 'log',
        level: 'warn',
        msg: 'schedule missed',
        fields: pick(d, ['job_id', 'scheduled_time', 'reason', 'dispatcher']),
      };
    case 'Operator Action': {
      // A dispatch or retry joins its run's log; a pause or resume has no run, so it joins the
      // dispatcher's operator item (`lava.operator`, `dispatcher/<name>`): one trail per dispatcher.
      const info = pick(d, [
        'action',
        'principal',
        'role',
        'outcome',
        'retry_of',
        'dispatcher',
        'reason',
        'code',
      ]);
      const ids = hasRun
        ? undefined
        : { job_id: OPERATOR_AUDIT_JOB_ID, run_id: `dispatcher/${str('dispatcher') ?? '-'}` };
      return entry('operator_action', false, str('ts_event')!, info, {}, ids);
    }
    case 'Dispatch Requested':
      return {
        kind: 'log',
        level: 'debug',
        msg: 'dispatch requested',
        fields: pick(d, ['job_id', 'requested_by', 'idempotency_key']),
      };
    default:
      return entry(str('status')!, true, str('ts_event')!, d.info ?? null, {
        worker: str('worker'),
        hostname: str('hostname'),
        ts_dispatch: str('ts_dispatch') && normalizeTimestamp(str('ts_dispatch')),
        instance_id: str('instance_id'),
        worker_id: str('instance_id') ?? null,
      });
  }
}

function pick(d: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
}

/**
 * A JSON round trip: what DynamoDB can always store (no undefined, no NaN, no class instances).
 * Reference notes the original silently lost events whose info it could not store.
 */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
