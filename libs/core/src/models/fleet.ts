import { LavaError } from '@lava/errors';
import { requestRunId } from '../dispatch/run-id';
import type { ChildDispatch } from '../ports/handler-ports';

/**
 * Fleet mode of foreach and dag: each child is a run of its own, dispatched through the
 * dispatcher to any worker of its fleet, and the parent run waits for them without holding a
 * worker slot. The parent's progress is one record (a {@link FleetRecord}); every change to it is a
 * pure function here, so the worker that starts a fleet and the coordinator that advances it
 * decide the same way.
 */

/** What a child failure does: stop dispatching and fail the parent now, or run the rest first. */
export const FLEET_POLICIES = ['fail-fast', 'continue'] as const;
export type FleetPolicy = (typeof FLEET_POLICIES)[number];

/** `not_run`: never dispatched (fail-fast stopped the fleet, or a predecessor failed). */
export type FleetChildState = 'pending' | 'dispatched' | 'complete' | 'failed' | 'not_run';

export interface FleetChild {
  /** The foreach index (`"0"`, `"1"`...) or the dag member id. */
  key: string;
  job_id: string;
  /** Known before dispatch: derived from the parent's run_id and `key` ({@link fleetChildRunId}). */
  run_id: string;
  /** Keys of children that must finish first (dag predecessors). */
  needs: string[];
  /** A failure of this child does not fail the parent (`can_fail`). */
  excused: boolean;
  /** Globals the child is dispatched with (foreach values, `lava.*` linkage). */
  globals: Record<string, unknown>;
  state: FleetChildState;
  error?: string;
}

export interface FleetRecord {
  parent_job_id: string;
  parent_run_id: string;
  parent_type: 'foreach' | 'dag';
  /** The parent's worker fleet: where {@link FleetRecord.resume} is sent. */
  worker: string;
  policy: FleetPolicy;
  concurrency: number;
  children: FleetChild[];
  /** How the parent's run resumes once the fleet is final: its request maps and iterations done. */
  resume: FleetResume;
  /** Bumped by every write (optimistic concurrency between coordinators). */
  version: number;
  final?: { status: 'complete' | 'failed'; error?: string };
}

/**
 * What the dispatcher needs to send the parent's run again: the maps its run message carried and
 * `tries` (iterations done), so the worker continues the same iteration. No grant: the dispatcher
 * signs a fresh one.
 */
export interface FleetResume {
  tries: number;
  parameters?: Record<string, unknown>;
  globals?: Record<string, unknown>;
}

/** How a child run ended, as its terminal event says. */
export interface FleetChildOutcome {
  run_id: string;
  failed: boolean;
  error?: string;
}

/**
 * Thrown by a foreach or dag handler whose fleet is under way: not a failure, a signal to the
 * runner that the run waits for its children (status `waiting`, its message acknowledged).
 */
export class RunParkedError extends LavaError {
  override readonly name = 'RunParkedError';
  constructor(readonly info: Record<string, unknown>) {
    super('RUN_PARKED', 'run waiting for its children');
  }
}

/** The idempotency key of a child's dispatch: a redelivered dispatch never makes a second run. */
export function fleetIdempotencyKey(parentRunId: string, key: string): string {
  return `lava.fleet/${parentRunId}/${key}`;
}

/** A child's run_id, the one the dispatcher gives a request with {@link fleetIdempotencyKey}. */
export function fleetChildRunId(realm: string, parentRunId: string, key: string): string {
  return requestRunId(realm, fleetIdempotencyKey(parentRunId, key));
}

/** The dispatch request of one child: its key makes a repeated dispatch a no-op at the dispatcher. */
export function fleetDispatch(record: FleetRecord, child: FleetChild): ChildDispatch {
  return {
    job_id: child.job_id,
    globals: child.globals,
    idempotency_key: fleetIdempotencyKey(record.parent_run_id, child.key),
    requested_by: `${record.parent_type} ${record.parent_job_id} (${record.parent_run_id})`,
  };
}

/**
 * Dispatches what may start now and finalises the record when nothing more will run. Children
 * start in record order, at most `concurrency` in flight, each once its `needs` completed (or
 * failed excused). A hard failure (not excused) stops every dispatch under `fail-fast` and makes
 * the record final at once (children in flight finish on their own); under `continue` only the
 * children that need a failed one are `not_run`, and the record is final when nothing is in flight.
 *
 * @example advanceFleet(record).dispatch // children to dispatch now, already marked `dispatched`
 */
export function advanceFleet(record: FleetRecord): { record: FleetRecord; dispatch: FleetChild[] } {
  const next = structuredClone(record);
  if (next.final) return { record: next, dispatch: [] };
  const hard = next.children.filter((c) => c.state === 'failed' && !c.excused);
  if (hard.length && next.policy === 'fail-fast') {
    for (const c of next.children) if (c.state === 'pending') c.state = 'not_run';
    next.final = { status: 'failed', error: failureText(next, hard[0]!) };
    return { record: next, dispatch: [] };
  }
  blockDependents(next);
  const dispatch = startReady(next);
  if (!next.children.some((c) => c.state === 'pending' || c.state === 'dispatched'))
    next.final = hard.length
      ? { status: 'failed', error: failureText(next, hard[0]!) }
      : { status: 'complete' };
  return { record: next, dispatch };
}

/**
 * Records a child's outcome; `changed` is false when the child was already settled (a
 * redelivered event) or is not in this record.
 */
export function settleFleetChild(
  record: FleetRecord,
  outcome: FleetChildOutcome,
): { record: FleetRecord; changed: boolean } {
  const next = structuredClone(record);
  const child = next.children.find((c) => c.run_id === outcome.run_id);
  if (!child || !['pending', 'dispatched'].includes(child.state)) return { record: next, changed: false };
  child.state = outcome.failed ? 'failed' : 'complete';
  if (outcome.failed) child.error = outcome.error ?? 'failed';
  return { record: next, changed: true };
}

/** Pending children that need a hard-failed or never-run child will not run either. */
function blockDependents(record: FleetRecord): void {
  const byKey = new Map(record.children.map((c) => [c.key, c]));
  const blocking = (k: string) => {
    const c = byKey.get(k);
    return !!c && (c.state === 'not_run' || (c.state === 'failed' && !c.excused));
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const c of record.children) {
      if (c.state !== 'pending' || !c.needs.some(blocking)) continue;
      c.state = 'not_run';
      changed = true;
    }
  }
}

function startReady(record: FleetRecord): FleetChild[] {
  const byKey = new Map(record.children.map((c) => [c.key, c]));
  const done = (k: string) => {
    const c = byKey.get(k);
    return !!c && (c.state === 'complete' || (c.state === 'failed' && c.excused));
  };
  let inFlight = record.children.filter((c) => c.state === 'dispatched').length;
  const started: FleetChild[] = [];
  for (const c of record.children) {
    if (inFlight >= record.concurrency) break;
    if (c.state !== 'pending' || !c.needs.every(done)) continue;
    c.state = 'dispatched';
    inFlight++;
    started.push(c);
  }
  return started;
}

/** The original's failure wording: `Job <child>: Index <i>: <error>` (foreach), `Job <member>: <error>` (dag). */
function failureText(record: FleetRecord, child: FleetChild): string {
  const error = child.error ?? 'failed';
  return record.parent_type === 'foreach'
    ? `Job ${child.job_id}: Index ${child.key}: ${error}`
    : `Job ${child.job_id}: ${error}`;
}

/** One line per child for run results and `lava run`: key, job, run_id and state. */
export function fleetChildSummary(
  record: FleetRecord,
): Array<Pick<FleetChild, 'key' | 'job_id' | 'run_id' | 'state'> & { error?: string }> {
  return record.children.map((c) => ({
    key: c.key,
    job_id: c.job_id,
    run_id: c.run_id,
    state: c.state,
    ...(c.error ? { error: c.error } : {}),
  }));
}
