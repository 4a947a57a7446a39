import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { commandConnection } from '../resolve-connection';
import { examples } from './help-text';
import { readMessageBody } from './message-source';

const STYLES = ['block', 'attachment', 'plain'] as const;

interface SlackOptions {
  connId?: string;
  connFile?: string;
  subject?: string;
  from?: string;
  style?: string;
  barColour?: string;
  preamble?: string;
}

/** `lava slack` (the original `lava-slack`): posts a message through a slack connection's webhook. */
export function registerSlackCommand(program: Command, ctx: CliContext): void {
  program
    .command('slack')
    .description('post a message through a slack connection')
    .option('-c, --conn-id <conn_id>', 'the slack connection')
    .option('--conn-file <file>', 'a resolved connection file (what $LAVA_CONN_<LABEL> helpers pass)')
    .option('-s, --subject <subject>', 'message subject')
    .option('--from <name>', "sender (default: the connection's from)")
    .option('--style <style>', `block, attachment or plain (default: the connection's, else block)`)
    .option('--bar-colour <colour>', 'attachment-style sidebar: hex colour, good, warning or danger')
    .option('--preamble <text>', 'text before the message, e.g. <!here>')
    .argument('[file]', 'message body; stdin when absent or "-"')
    .addHelpText(
      'after',
      examples(
        'lava slack -c alerts -s "Load done" report.txt',
        'echo "disk full" | lava slack -c alerts --style attachment --bar-colour danger --preamble "<!here>"',
      ),
    )
    .action(async (file: string | undefined, opts: SlackOptions) => {
      if (opts.style !== undefined && !(STYLES as readonly string[]).includes(opts.style))
        throw new UsageError(`Bad --style ${opts.style}: must be one of ${STYLES.join(', ')}`);
      const connection = await commandConnection(ctx, opts, 'slack');
      const [{ ConnectionNotifier }, core] = await Promise.all([
        import('@lava/connectors'),
        import('@lava/core'),
      ]);
      // Characters, not bytes, bound a Slack message; 4 bytes a character at most.
      const message = await readMessageBody(file, core.SLACK_MAX_MESSAGE * 4);
      const body = core.slackMessageBody({
        message,
        subject: opts.subject,
        from: opts.from ?? connection.from,
        style: (opts.style ?? connection.style) as (typeof STYLES)[number],
        colour: core.slackColour(opts.barColour) ?? connection.colour,
        preamble: opts.preamble ?? connection.preamble,
      });
      await new ConnectionNotifier().postSlack(connection as never, body);
      ctx.io.stdout(`posted to ${connection.connId}\n`);
    });
}
