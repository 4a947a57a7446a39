import type { ActionContext, JobAction } from '../action';
import { renderMessage, truncate } from '../render-message';

/** `sns`: publishes to a topic; subject truncated to 100 characters. */
export class SnsAction implements JobAction {
  readonly type = 'sns';
  readonly required = ['topic', 'message'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const subject =
      action.subject !== undefined
        ? truncate(await ctx.render(String(action.subject), 'subject'), 100)
        : undefined;
    await ctx.ports.publishSns(String(action.topic), await renderMessage(action.message, ctx), subject);
  }
}
