import { createHash } from 'node:crypto';
import {
  formatUtcNaive,
  jsonSafe,
  normalizeTimestamp,
  OPERATOR_AUDIT_JOB_ID,
  parseTimestamp,
  type ParsedLavaEvent,
  type RunEventDetail,
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

/** What one recorded event writes, before the fields every entry derives from it. */
interface RecordParts {
  ids: { job_id: string; run_id: string };
  status: string;
  runStatus: boolean;
  ts: string;
  info: unknown;
  attributes?: Record<string, string | null | undefined>;
}

/**
 * Decides how an event is recorded. Run events (`Job Dispatched`, `Job Run *`, `Dispatch
 * Rejected` naming a run) carry a status. `Secret Accessed`/`Secret Denied` naming a run join
 * that run's log (status `secret_accessed`/`secret_denied`) without changing its status, so
 * `lava run` shows which connections a run used. `Operator Action` (the HTTP API's audit
 * trail) joins the run it names, or the dispatcher's operator item. Everything else (`Dispatch Requested`,
 * `Schedule Missed`, rejections of unreadable requests) is logged only.
 *
 * The switch is exhaustive: a new event type does not compile until it is decided here.
 */
export function decideAuditEntry(event: ParsedLavaEvent, eventId: string): AuditDecision {
  const record = (parts: RecordParts): AuditDecision => ({
    kind: 'record',
    entry: auditEntry(eventId, parts),
  });
  switch (event.detailType) {
    case 'Job Dispatched': {
      const d = event.detail;
      return record({
        ids: runIds(d)!,
        status: 'dispatched',
        runStatus: true,
        ts: d.ts_dispatch,
        info: pick(d, ['queue', 'delay_seconds', 'requested_by', 'idempotency_key', 'legacy_worker']),
        attributes: { ts_dispatch: normalizeTimestamp(d.ts_dispatch), worker: nonEmpty(d.worker) },
      });
    }
    case 'Dispatch Rejected': {
      const d = event.detail;
      const ids = runIds(d);
      if (!ids)
        return log('info', 'dispatch rejected before a run existed', pick(d, ['job_id', 'reason', 'code']));
      const info = pick(d, ['reason', 'code', 'requested_by', 'idempotency_key']);
      return record({ ids, status: 'rejected', runStatus: true, ts: d.ts_event, info });
    }
    case 'Secret Accessed': {
      const d = event.detail;
      const info = pick(d, ['conn_id', 'connection_type', 'worker']);
      return record({ ids: runIds(d)!, status: 'secret_accessed', runStatus: false, ts: d.ts_event, info });
    }
    case 'Secret Denied': {
      const d = event.detail;
      const info = pick(d, ['conn_id', 'reason', 'code', 'worker']);
      const ids = runIds(d);
      if (!ids) return log('warn', 'secret denied', info);
      return record({ ids, status: 'secret_denied', runStatus: false, ts: d.ts_event, info });
    }
    case 'Schedule Missed':
      return log(
        'warn',
        'schedule missed',
        pick(event.detail, ['job_id', 'scheduled_time', 'reason', 'dispatcher']),
      );
    case 'Operator Action': {
      // A dispatch or retry joins its run's log; a pause or resume has no run, so it joins the
      // dispatcher's operator item (`lava.operator`, `dispatcher/<name>`): one trail per dispatcher.
      const d = event.detail;
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
      const ids = runIds(d) ?? {
        job_id: OPERATOR_AUDIT_JOB_ID,
        run_id: `dispatcher/${nonEmpty(d.dispatcher) ?? '-'}`,
      };
      return record({ ids, status: 'operator_action', runStatus: false, ts: d.ts_event, info });
    }
    case 'Dispatch Requested':
      return log(
        'debug',
        'dispatch requested',
        pick(event.detail, ['job_id', 'requested_by', 'idempotency_key']),
      );
    case 'Job Run Started':
    case 'Job Run Succeeded':
    case 'Job Run Failed':
    case 'Job Run Retrying':
    case 'Job Run Skipped':
    case 'Job Run Rejected':
    case 'Job Run Action Failed':
      return record(runEventParts(event.detail));
    default:
      return unhandled(event);
  }
}

/** A `Job Run *` event: the run's status, and the worker attributes it sets on the item. */
function runEventParts(d: RunEventDetail): RecordParts {
  const tsDispatch = nonEmpty(d.ts_dispatch);
  const instanceId = nonEmpty(d.instance_id);
  return {
    ids: { job_id: d.job_id, run_id: d.run_id },
    status: d.status,
    runStatus: true,
    ts: d.ts_event,
    info: d.info ?? null,
    attributes: {
      worker: nonEmpty(d.worker),
      hostname: nonEmpty(d.hostname),
      ts_dispatch: tsDispatch && normalizeTimestamp(tsDispatch),
      instance_id: instanceId,
      worker_id: instanceId ?? null,
    },
  };
}

function auditEntry(eventId: string, parts: RecordParts): AuditEntry {
  const at = parseTimestamp(parts.ts);
  return {
    event_id: eventId,
    ...parts.ids,
    status: parts.status,
    runStatus: parts.runStatus,
    // One stored form, whatever the producer sent (`…Z`, milliseconds): the original's.
    ts_event: normalizeTimestamp(parts.ts),
    tu_event: formatUtcNaive(at),
    ms: at.getTime(),
    info: jsonSafe(parts.info),
    attributes: Object.fromEntries(
      Object.entries(parts.attributes ?? {}).filter(
        (kv): kv is [string, string | null] => kv[1] !== undefined && kv[1] !== '',
      ),
    ),
  };
}

function log(level: 'debug' | 'info' | 'warn', msg: string, fields: Record<string, unknown>): AuditDecision {
  return { kind: 'log', level, msg, fields };
}

/** The run an event names, when it names both ids. */
function runIds(d: { job_id?: string; run_id?: string }): RecordParts['ids'] | undefined {
  const job_id = nonEmpty(d.job_id);
  const run_id = nonEmpty(d.run_id);
  return job_id && run_id ? { job_id, run_id } : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** Reached only when an event type has no case above: `event` is then not `never`, a compile error. */
function unhandled(event: never): never {
  throw new Error(`No audit decision for ${(event as { detailType: string }).detailType}`);
}

function pick<D extends object>(d: D, keys: (keyof D & string)[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
}
