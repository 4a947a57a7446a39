import { availableParallelism } from 'node:os';
import {
  dagGraph,
  dagOrder,
  DAG_PARAMETERS,
  FLEET_PARAMETERS,
  type DagGraph,
  JobFailedError,
  type ChildOutcome,
  type HandlerContext,
  type HandlerResult,
  globMatch,
  fleetChildSummary,
  runConfig,
} from '@lava/core';
import { BadParametersError } from '../errors';
import type { JobHandler } from '../handler';
import { checkParameterKeys } from '../exec/parameters';
import { canFailGlobs } from '../orchestration/can-fail';
import { orchestrationMode } from '../orchestration/fleet-options';
import { failIfFleetFailed, runFleet } from '../orchestration/fleet-run';

const ALLOWED = [...DAG_PARAMETERS, ...FLEET_PARAMETERS];

/**
 * `dag`: runs member jobs in process, each once, a member only after all its predecessors
 * finished. Unlike the original's waves, a member starts as soon as its own
 * predecessors are done, with at most `workers` members running at a time.
 */
export class DagHandler implements JobHandler {
  readonly type = 'dag';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkParameterKeys(this.type, p, ALLOWED);
    const mode = orchestrationMode(this.type, p);
    const graph = memberGraph(ctx.job.payload, p.job_prefix);
    const canFail = canFailGlobs(this.type, p.can_fail);
    if (mode === 'fleet') return fleetDag(ctx, graph, (id) => canFail.some((g) => globMatch(g, id)));
    const run = new DagRun(
      graph,
      dagWorkers(ctx, p.workers),
      (id) => ctx.children.run(id, ctx.job),
      (id) => canFail.some((g) => globMatch(g, id)),
    );
    const { jobs, failed, error } = await run.finish();
    if (error)
      throw new JobFailedError('DAG_CHILD_FAILED', error, {
        exit_status: 1,
        jobs,
        failed_jobs: failed,
        error,
      });
    return { exit_status: 0, jobs, failed_jobs: failed };
  }
}

/** Fleet mode: each member a run of its own, dispatched once its predecessors ended (see runFleet). */
async function fleetDag(
  ctx: HandlerContext,
  graph: DagGraph,
  excused: (id: string) => boolean,
): Promise<HandlerResult> {
  const order = dagOrder(graph);
  const ids = 'order' in order ? order.order : [...graph.keys()];
  const record = await runFleet(ctx, 'dag', async () =>
    ids.map((id) => ({ key: id, job_id: id, needs: graph.get(id) ?? [], excused: excused(id) })),
  );
  const result = {
    exit_status: 0,
    mode: 'fleet',
    jobs: record.children.filter((c) => c.state === 'complete').map((c) => c.key),
    failed_jobs: record.children.filter((c) => c.state === 'failed').map((c) => c.key),
    children: fleetChildSummary(record),
  };
  failIfFleetFailed(record, result);
  return result;
}

/** The payload as a graph; a bad shape or a cycle fails the run. */
export function memberGraph(payload: unknown, prefix: unknown): DagGraph {
  let graph: DagGraph;
  try {
    graph = dagGraph(payload, typeof prefix === 'string' ? prefix : '');
  } catch (err) {
    throw new JobFailedError('BAD_PAYLOAD', (err as Error).message);
  }
  const order = dagOrder(graph);
  if ('cycle' in order)
    throw new JobFailedError('DAG_CYCLE', `Jobs are in a cycle: ${order.cycle.join(', ')}`);
  return graph;
}

/** `workers` (default config DAG_WORKERS, else the CPU count), clamped to DAG_MAX_WORKERS with a warning. */
function dagWorkers(ctx: HandlerContext, value: unknown): number {
  const fallback = Number(runConfig(ctx, 'DAG_WORKERS') ?? availableParallelism());
  const workers = value === undefined || value === null ? fallback : Number(value);
  if (!Number.isInteger(workers) || workers < 1)
    throw new BadParametersError('dag', `workers must be an integer >= 1, got ${String(value)}`);
  const max = Number(runConfig(ctx, 'DAG_MAX_WORKERS'));
  if (workers <= max) return workers;
  ctx.logger.warn(`dag workers ${workers} reduced to DAG_MAX_WORKERS ${max}`);
  return max;
}

/** One in-process dag execution: starts ready members up to the limit, stops starting on a failure. */
class DagRun {
  private readonly started = new Set<string>();
  private readonly done = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly jobs: string[] = [];
  private readonly failed: string[] = [];
  private error: string | undefined;

  constructor(
    private readonly graph: DagGraph,
    private readonly limit: number,
    private readonly runOne: (id: string) => Promise<ChildOutcome>,
    private readonly excused: (id: string) => boolean,
  ) {}

  async finish(): Promise<{ jobs: string[]; failed: string[]; error?: string }> {
    for (;;) {
      if (!this.error) this.startReady();
      if (!this.running.size) break;
      await Promise.race(this.running.values());
    }
    return { jobs: this.jobs, failed: this.failed, ...(this.error ? { error: this.error } : {}) };
  }

  private startReady(): void {
    for (const [id, preds] of this.graph) {
      if (this.running.size >= this.limit) return;
      if (this.started.has(id) || !preds.every((p) => this.done.has(p))) continue;
      this.started.add(id);
      this.running.set(id, this.member(id));
    }
  }

  private async member(id: string): Promise<void> {
    try {
      const outcome = await this.runOne(id);
      if (outcome.status !== 'failed') this.jobs.push(id);
      else {
        this.failed.push(id);
        if (!this.excused(id)) this.error ??= `Job ${id}: ${String(outcome.result.error ?? 'failed')}`;
      }
    } catch (err) {
      this.failed.push(id);
      this.error ??= (err as Error).message;
    } finally {
      this.done.add(id);
      this.running.delete(id);
    }
  }
}
