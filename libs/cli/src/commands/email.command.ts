import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { RealmsRepository } from '../aws';
import { commandConnection } from '../resolve-connection';
import { examples } from './help-text';
import { collect, readMessageBody } from './message-source';

/** Only this much of the body is read, as the original did. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

interface EmailOptions {
  connId?: string;
  connFile?: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  from?: string;
  attach: string[];
  html?: string;
  text?: string;
}

/** `lava email` (the original `lava-email`): sends a message through an email connection. */
export function registerEmailCommand(program: Command, ctx: CliContext): void {
  program
    .command('email')
    .description('send an email through an email connection (smtp or ses)')
    .option('-c, --conn-id <conn_id>', 'the email connection')
    .option('--conn-file <file>', 'a resolved connection file (what $LAVA_CONN_<LABEL> helpers pass)')
    .requiredOption('-s, --subject <subject>', 'message subject')
    .option('--to <email>', 'a To: recipient (repeatable)', collect, [])
    .option('--cc <email>', 'a Cc: recipient (repeatable)', collect, [])
    .option('--bcc <email>', 'a Bcc: recipient (repeatable)', collect, [])
    .option('--reply-to <email>', 'a Reply-To: address (repeatable)', collect, [])
    .option('--from <email>', "sender (default: the connection's from)")
    .option('-a, --attach <file>', 'attach a local file or s3://bucket/key (repeatable)', collect, [])
    .option('--html <file>', 'body file (legacy form of FILE)')
    .option('--text <file>', 'body file (legacy form of FILE)')
    .argument('[file]', 'message body; stdin when absent or "-"; HTML when it starts with <html')
    .addHelpText(
      'after',
      examples(
        'lava email -c mail --to ops@example.com -s "Load done" report.txt',
        'echo "<html><body>done</body></html>" | lava email -c mail --to a@example.com -s Done -a out.csv',
      ),
    )
    .action(async (file: string | undefined, opts: EmailOptions) => {
      const sources = [file, opts.html, opts.text].filter((f) => f !== undefined);
      if (sources.length > 1) throw new UsageError('Give at most one of FILE, --html, --text');
      if (opts.to.length + opts.cc.length + opts.bcc.length === 0)
        throw new UsageError('No recipients: give --to, --cc or --bcc');
      const connection = await commandConnection(ctx, opts, 'email');
      // The realm's SES_* settings, as the original's email connections used them.
      const realm = opts.connId === undefined ? {} : await sesSettings(ctx);
      const from = opts.from ?? connection.email.from ?? realm.SES_FROM;
      if (!from)
        throw new UsageError(
          `No sender: give --from, set from in connection ${connection.connId} or SES_FROM in the realm config`,
        );
      const [{ ConnectionNotifier }, { SesV2RawSender }, { isHtmlBody }] = await Promise.all([
        import('@lava/connectors'),
        import('@lava/aws'),
        import('@lava/core'),
      ]);
      const body = await readMessageBody(sources[0], MAX_BODY_BYTES);
      const attachments = [];
      for (const path of opts.attach)
        attachments.push({ filename: basename(path), content: await attachment(ctx, path) });
      const ses = SesV2RawSender.forClients(
        ctx.clients(),
        realm.SES_REGION ?? 'us-east-1',
        realm.SES_CONFIGURATION_SET,
      );
      try {
        await new ConnectionNotifier(fetch, ses).sendEmail(connection as never, {
          from,
          to: opts.to,
          cc: opts.cc,
          bcc: opts.bcc,
          replyTo: opts.replyTo.length ? opts.replyTo : connection.email.replyTo,
          subject: opts.subject,
          ...(isHtmlBody(body) ? { html: body } : { text: body }),
          ...(attachments.length ? { attachments } : {}),
        });
      } finally {
        ses.destroy();
      }
      ctx.io.stdout(`sent "${opts.subject}" through ${connection.connId}\n`);
    });
}

async function attachment(ctx: CliContext, path: string): Promise<Buffer> {
  if (!path.startsWith('s3://')) return readFile(path);
  const [{ GetObjectCommand }, { parseS3Uri }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@lava/aws'),
  ]);
  const { bucket, key } = parseS3Uri(path);
  const out = await ctx.clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const SES_KEYS = ['SES_FROM', 'SES_REGION', 'SES_CONFIGURATION_SET'] as const;

/** `SES_FROM`, `SES_REGION`, `SES_CONFIGURATION_SET` from the realm record (keys in any case). */
async function sesSettings(ctx: CliContext): Promise<Partial<Record<(typeof SES_KEYS)[number], string>>> {
  const record = await new RealmsRepository(ctx.clients().dynamo).get(ctx.realm());
  const out: Partial<Record<(typeof SES_KEYS)[number], string>> = {};
  for (const [k, v] of Object.entries(record?.config ?? {})) {
    const key = SES_KEYS.find((s) => s === k.toUpperCase());
    if (key && typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}
