import { slackColour, slackMessageBody, SLACK_MAX_MESSAGE, SLACK_MAX_SUBJECT } from '@lava/core';
import type { ActionContext, JobAction } from '../action';
import { actionConnection, notifier } from '../notify-ports';

/** `slack`: posts a message through a slack connection's webhook. */
export class SlackAction implements JobAction {
  readonly type = 'slack';
  readonly required = ['slack_conn', 'message'];
  readonly allowed = ['slack_conn', 'message', 'subject', 'from', 'style', 'colour', 'preamble'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    const notify = notifier(ctx, this.type);
    const connection = await actionConnection(ctx, String(action.slack_conn));
    const pick = (key: string) =>
      action[key] !== undefined ? String(action[key]) : (connection[key] as string | undefined);
    const body = slackMessageBody({
      message: (await ctx.render(String(action.message), 'message')).slice(0, SLACK_MAX_MESSAGE),
      subject:
        action.subject !== undefined
          ? (await ctx.render(String(action.subject), 'subject')).slice(0, SLACK_MAX_SUBJECT)
          : undefined,
      from:
        action.from !== undefined
          ? await ctx.render(String(action.from), 'from')
          : (connection.from as string | undefined),
      style: pick('style') as 'block' | 'attachment' | 'plain' | undefined,
      colour: slackColour(pick('colour')),
      preamble: pick('preamble'),
    });
    await notify.postSlack(connection, body);
  }
}
