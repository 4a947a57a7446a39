import {
  advanceFleet,
  FLEET_POLICIES,
  fleetChildRunId,
  fleetChildSummary,
  fleetDispatch,
  JobFailedError,
  RunParkedError,
  childGlobals,
  type FleetChild,
  type FleetPolicy,
  type FleetPort,
  type FleetRecord,
  type HandlerContext,
  runConfig,
} from '@lava/core';
import { BadParametersError } from '../errors';

/** One child as a foreach or dag plans it; the rest of its {@link FleetChild} is derived. */
export interface PlannedChild {
  key: string;
  job_id: string;
  needs?: string[];
  excused?: boolean;
  /** Globals laid over the parent's (foreach values). */
  globals?: Record<string, unknown>;
  /** Keys set in the child's `globals.lava` (e.g. `foreach_index`). */
  lava?: Record<string, unknown>;
}

/**
 * Runs a foreach or dag in fleet mode. The first execution stores the fleet record, dispatches
 * the first children and parks the run (throws {@link RunParkedError}); the audit logger's
 * coordinator dispatches the rest as children end and, once the record is final, sends the
 * parent's run message back, whose execution lands here again and returns the final record.
 * A redelivered first execution finds the stored record and re-sends the dispatches of the
 * children in flight, which the dispatcher drops as duplicates (same idempotency key).
 */
export async function runFleet(
  ctx: HandlerContext,
  parentType: 'foreach' | 'dag',
  plan: () => Promise<PlannedChild[]>,
): Promise<FleetRecord> {
  if (!ctx.fleet)
    throw new JobFailedError(
      'FLEET_UNAVAILABLE',
      'mode fleet needs a run of its own (not a child run in process) on a worker with a fleet store',
    );
  // A resumed or redelivered parent never re-runs its generator (a query, an S3 listing).
  const record = (await ctx.fleet.find()) ?? (await startFleet(ctx, ctx.fleet, parentType, await plan()));
  if (record.final) return record;
  const inFlight = record.children.filter((c) => c.state === 'dispatched');
  for (const child of inFlight) await ctx.dispatcher.dispatch(fleetDispatch(record, child));
  ctx.logger.info(`waiting for ${record.children.length} children (${inFlight.length} dispatched)`);
  throw new RunParkedError({ mode: 'fleet', children: fleetChildSummary(record) });
}

async function startFleet(
  ctx: HandlerContext,
  fleet: FleetPort,
  parentType: 'foreach' | 'dag',
  children: PlannedChild[],
): Promise<FleetRecord> {
  const p = ctx.job.parameters;
  await checkChildren(ctx, children);
  const { record: draft } = advanceFleet({
    parent_job_id: ctx.job.job_id,
    parent_run_id: ctx.job.run_id,
    parent_type: parentType,
    worker: ctx.job.worker,
    policy: fleetPolicy(parentType, p.failure_policy),
    concurrency: fleetConcurrency(ctx, parentType, p.concurrency),
    children: children.map((c) => fleetChild(ctx, c)),
    resume: { tries: 0 },
    version: 0,
  });
  const { worker: _w, resume: _r, version: _v, ...fields } = draft;
  return fleet.open(fields);
}

/** The parent's failure, carrying `result` (its result map), when the fleet failed. */
export function failIfFleetFailed(record: FleetRecord, result: Record<string, unknown>): void {
  if (record.final?.status !== 'failed') return;
  const error = record.final.error ?? 'failed';
  throw new JobFailedError(`${record.parent_type.toUpperCase()}_CHILD_FAILED`, error, {
    ...result,
    exit_status: 1,
    error,
  });
}

function fleetChild(ctx: HandlerContext, c: PlannedChild): FleetChild {
  const tz = runConfig(ctx, 'TZ');
  const globals: Record<string, unknown> = { ...childGlobals(ctx.job, { tz }), ...(c.globals ?? {}) };
  globals.lava = {
    ...(globals.lava as Record<string, unknown>),
    ...(c.lava ?? {}),
    parent_run_id: ctx.job.run_id,
  };
  return {
    key: c.key,
    job_id: c.job_id,
    run_id: fleetChildRunId(ctx.job.realm, ctx.job.run_id, c.key),
    needs: c.needs ?? [],
    excused: c.excused ?? false,
    globals: JSON.parse(JSON.stringify(globals)) as Record<string, unknown>,
    state: 'pending',
  };
}

/** Refuses, before anything is dispatched, children the dispatcher would reject out of sight. */
async function checkChildren(ctx: HandlerContext, children: PlannedChild[]): Promise<void> {
  const ids = [...new Set(children.map((c) => c.job_id))];
  const reasons = (await Promise.all(ids.map((id) => ctx.dispatcher.check(id)))).filter(Boolean);
  if (reasons.length)
    throw new JobFailedError('FLEET_CHILD_UNDISPATCHABLE', `Cannot dispatch ${reasons.join('; ')}`);
}

function fleetPolicy(jobType: string, value: unknown): FleetPolicy {
  if (value === undefined || value === null) return 'fail-fast';
  if (FLEET_POLICIES.includes(value as FleetPolicy)) return value as FleetPolicy;
  throw new BadParametersError(jobType, `failure_policy must be one of ${FLEET_POLICIES.join(', ')}`);
}

/** `concurrency` (default config FLEET_CONCURRENCY, 4), at most FLEET_MAX_CONCURRENCY (50). */
function fleetConcurrency(ctx: HandlerContext, jobType: string, value: unknown): number {
  const max = Number(runConfig(ctx, 'FLEET_MAX_CONCURRENCY'));
  const n =
    value === undefined || value === null ? Number(runConfig(ctx, 'FLEET_CONCURRENCY')) : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new BadParametersError(jobType, `concurrency must be an integer >= 1, got ${String(value)}`);
  if (n > max) throw new BadParametersError(jobType, `concurrency must be <= ${max} (FLEET_MAX_CONCURRENCY)`);
  return n;
}
