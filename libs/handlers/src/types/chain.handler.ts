import { JobFailedError, type HandlerContext, type HandlerResult, globMatch } from '@lava/core';
import type { JobHandler } from '../handler';
import { checkDeclaredParameters, jobIdList } from '../exec/parameters';
import { canFailGlobs } from '../orchestration/can-fail';

/** `chain`: runs child jobs in order, in process, under the parent's run_id. */
export class ChainHandler implements JobHandler {
  readonly type = 'chain';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const children = chainList(ctx.job.payload, p);
    const canFail = canFailGlobs(this.type, p.can_fail);
    const jobs: string[] = [];
    const failed: string[] = [];
    for (const child of children) {
      const outcome = await ctx.children.run(child, ctx.job);
      if (outcome.status !== 'failed') {
        jobs.push(child);
        continue;
      }
      failed.push(child);
      if (canFail.some((g) => globMatch(g, child))) continue;
      const error = `Job ${child}: ${String(outcome.result.error ?? 'failed')}`;
      throw new JobFailedError('CHAIN_CHILD_FAILED', error, {
        exit_status: 1,
        jobs,
        failed_jobs: failed,
        error,
      });
    }
    return { exit_status: 0, jobs, failed_jobs: failed };
  }
}

function chainList(payload: unknown, p: Record<string, unknown>): string[] {
  const prefix = typeof p.job_prefix === 'string' ? p.job_prefix : '';
  const list = jobIdList(payload).map((id) => prefix + id);
  if (!list.length) throw new JobFailedError('CHAIN_EMPTY', 'Job chain is empty');
  if (p.start === undefined) return list;
  const start = prefix + String(p.start);
  const at = list.indexOf(start);
  if (at < 0)
    throw new JobFailedError('CHAIN_BAD_START', `Requested start job ${start} is not present in the chain`);
  return list.slice(at);
}
