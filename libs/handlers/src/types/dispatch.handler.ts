import {
  parseDuration,
  JobFailedError,
  type HandlerContext,
  type HandlerResult,
  childGlobals,
  runConfig,
} from '@lava/core';
import { BadParametersError } from '../errors';
import type { JobHandler } from '../handler';
import { checkDeclaredParameters, jinjaParameter, jobIdList } from '../exec/parameters';

/** `dispatch`: asynchronously dispatches other jobs. */
export class DispatchHandler implements JobHandler {
  readonly type = 'dispatch';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const prefix = typeof p.job_prefix === 'string' ? p.job_prefix : '';
    const targets = jobIdList(ctx.job.payload).map((id) => prefix + id);
    const delay = delaySeconds(p.delay);
    const parameters = await renderParameters(ctx, p.parameters, jinjaParameter(p.jinja));
    const globals = childGlobals(ctx.job, {
      tz: runConfig(ctx, 'TZ'),
      maxHops: Number(runConfig(ctx, 'DISPATCH_MAX_HOPS')),
    });
    if (targets.includes(ctx.job.job_id))
      throw new JobFailedError('CIRCULAR_DISPATCH', 'Circular dispatch not permitted', {
        exit_status: 1,
        jobs: [],
      });
    await checkTargets(ctx, targets);
    const jobs: string[] = [];
    const runIds: string[] = [];
    for (const target of targets) {
      jobs.push(target);
      const { run_id } = await ctx.dispatcher.dispatch({
        job_id: target,
        parameters,
        globals,
        delay_seconds: delay,
      });
      if (run_id) runIds.push(run_id);
    }
    return { exit_status: 0, jobs, run_ids: runIds };
  }
}

/**
 * Fails the run, before anything is dispatched, when a target cannot be: the dispatcher would
 * reject it later, out of sight of this run (the original reported exit_status 0 regardless).
 */
async function checkTargets(ctx: HandlerContext, targets: string[]): Promise<void> {
  const reasons = await Promise.all(
    targets.map(async (job_id) => ({ job_id, reason: await ctx.dispatcher.check(job_id) })),
  );
  const undispatchable = reasons.filter(
    (r): r is { job_id: string; reason: string } => r.reason !== undefined,
  );
  if (!undispatchable.length) return;
  const error = `Cannot dispatch ${undispatchable.map((u) => u.reason).join('; ')}`;
  throw new JobFailedError('DISPATCH_TARGET_UNKNOWN', error, {
    exit_status: 1,
    jobs: [],
    undispatched: undispatchable,
    error,
  });
}

function delaySeconds(value: unknown): number {
  if (value === undefined || value === null) return 0;
  let seconds: number;
  try {
    seconds = Math.trunc(parseDuration(value as string | number));
  } catch {
    throw new BadParametersError('dispatch', `Bad delay: ${String(value)}`);
  }
  if (seconds < 0 || seconds > 900)
    throw new BadParametersError('dispatch', `Bad delay: ${String(value)} (must be 0 to 15m)`);
  return seconds;
}

async function renderParameters(
  ctx: HandlerContext,
  value: unknown,
  jinja: boolean,
): Promise<Record<string, unknown> | undefined> {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadParametersError('dispatch', 'parameters must be a map');
  return jinja
    ? await ctx.renderer.renderJson(value as Record<string, unknown>, 'parameters.parameters')
    : (value as Record<string, unknown>);
}
