import { parseDuration } from '@lava/core';
import type { ActionContext, JobAction } from '../action';
import { renderMessage } from '../render-message';

/** `sqs`: sends one message to a queue given by name or URL. */
export class SqsAction implements JobAction {
  readonly type = 'sqs';
  readonly required = ['queue', 'message'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const delay = action.delay === undefined ? undefined : Math.trunc(parseDuration(action.delay));
    if (delay !== undefined && !(delay >= 0 && delay <= 900))
      throw new Error(`Bad delay: ${String(action.delay)}`);
    await ctx.ports.sendSqs(String(action.queue), await renderMessage(action.message, ctx), {
      delaySeconds: delay,
      groupId:
        action.group_id !== undefined ? await ctx.render(String(action.group_id), 'group_id') : undefined,
      dedupId:
        action.dedup_id !== undefined ? await ctx.render(String(action.dedup_id), 'dedup_id') : undefined,
    });
  }
}
