import { parseDuration, childGlobals, runConfig } from '@lava/core';
import type { ActionContext, JobAction } from '../action';

/** `dispatch` (alias `lava`): dispatches another job with this job's globals and lineage. */
export class DispatchAction implements JobAction {
  readonly type = 'dispatch';
  readonly required = ['job_id'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const jobId = await ctx.render(String(action.job_id), 'job_id');
    const parameters = isNonEmptyMap(action.parameters)
      ? await ctx.renderJson(action.parameters, 'parameters')
      : undefined;
    const delay = action.delay === undefined ? 0 : Math.trunc(parseDuration(action.delay));
    if (!(delay >= 0 && delay <= 900)) throw new Error(`Bad delay: ${String(action.delay)}`);
    const globals = childGlobals(ctx.job, { tz: runConfig(ctx, 'TZ') });
    await ctx.ports.dispatcher.dispatch({ job_id: jobId, parameters, globals, delay_seconds: delay });
  }
}

function isNonEmptyMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;
}
