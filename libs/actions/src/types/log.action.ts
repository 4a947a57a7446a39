import type { ActionContext, JobAction } from '../action';

/** `log`: one info line in the worker log, tagged with job and run ids. */
export class LogAction implements JobAction {
  readonly type = 'log';
  readonly required = ['message'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    if (typeof action.message !== 'string') throw new Error('message must be a string');
    ctx.logger.info(await ctx.render(action.message, 'message'), { action: 'log', list: ctx.list });
  }
}
