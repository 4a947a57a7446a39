import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { isHtmlBody, parseSize, type MailMessage, runConfig } from '@lava/core';
import type { ActionContext, JobAction } from '../action';
import { actionConnection, notifier } from '../notify-ports';

/** `email`: sends through an email connection, with attachments. */
export class EmailAction implements JobAction {
  readonly type = 'email';
  readonly required = ['to', 'subject', 'message'];
  readonly allowed = ['to', 'subject', 'message', 'from', 'email_conn', 'attachments', 'region'];

  async run(action: Record<string, unknown>, ctx: ActionContext): Promise<void> {
    if (action.email_conn === undefined && action.attachments !== undefined)
      throw new Error('email_conn must be specified to enable attachments');
    const notify = notifier(ctx, this.type);
    const connection =
      action.email_conn === undefined
        ? plainSes(action, ctx)
        : await actionConnection(ctx, String(action.email_conn));
    const settings = (connection.email ?? {}) as { from?: string; replyTo?: string[] };
    const from =
      action.from !== undefined ? String(action.from) : (settings.from ?? runConfig(ctx, 'SES_FROM'));
    if (!from)
      throw new Error(
        action.email_conn === undefined
          ? 'no sender: set from in the action or SES_FROM in the realm config'
          : `no sender: set from in the action or in connection ${String(action.email_conn)}`,
      );
    const body = await ctx.render(String(action.message), 'message');
    const message: MailMessage = {
      from,
      to: addressList(action.to),
      replyTo: settings.replyTo,
      subject: await ctx.render(String(action.subject), 'subject'),
      ...(isHtmlBody(body) ? { html: body } : { text: body }),
      attachments: await attachments(action.attachments, ctx),
    };
    const limit = emailLimit(ctx, 'EMAIL_MAX_SIZE');
    const size =
      Buffer.byteLength(body) + (message.attachments ?? []).reduce((n, a) => n + a.content.length, 0);
    if (size > limit) throw new Error(`message is ${size} bytes, more than EMAIL_MAX_SIZE (${limit})`);
    await notify.sendEmail(connection, message);
  }
}

/**
 * No `email_conn`: SES directly, as the original did, in the action's `region` or the realm's
 * `SES_REGION`, with its `SES_CONFIGURATION_SET`. (The original guessed a sender from the first
 * verified SES domain when `SES_FROM` was unset; here a missing sender is an error instead.)
 */
function plainSes(action: Record<string, unknown>, ctx: ActionContext): Record<string, unknown> {
  const region = action.region !== undefined ? String(action.region) : runConfig(ctx, 'SES_REGION');
  return {
    connId: 'SES',
    email: { subtype: 'ses', region, configurationSet: runConfig(ctx, 'SES_CONFIGURATION_SET') },
  };
}

function addressList(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return list.map((a) => a.trim()).filter(Boolean);
}

/** Attachments (local, relative to the run dir, or `s3://`), each rendered, within the EMAIL_MAX_* limits. */
async function attachments(value: unknown, ctx: ActionContext): Promise<MailMessage['attachments']> {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Error('attachments must be a list');
  const max = Number(runConfig(ctx, 'EMAIL_MAX_ATTACHMENTS'));
  if (value.length > max)
    throw new Error(`${value.length} attachments, more than EMAIL_MAX_ATTACHMENTS (${max})`);
  const maxSize = emailLimit(ctx, 'EMAIL_MAX_ATTACHMENT_SIZE');
  const out: NonNullable<MailMessage['attachments']> = [];
  for (const [i, item] of value.entries()) {
    const path = await ctx.render(String(item), `attachments.${i}`);
    const content = await readAttachment(path, ctx);
    if (content.length > maxSize)
      throw new Error(
        `attachment ${path} is ${content.length} bytes, more than EMAIL_MAX_ATTACHMENT_SIZE (${maxSize})`,
      );
    out.push({ filename: basename(path), content });
  }
  return out;
}

async function readAttachment(path: string, ctx: ActionContext): Promise<Buffer> {
  if (path.startsWith('s3://')) {
    if (!ctx.objects || !(await ctx.objects.head(path)))
      throw new Error(`attachment ${path}: no such object`);
    const chunks: Buffer[] = [];
    for await (const c of await ctx.objects.get(path)) chunks.push(Buffer.from(c as Buffer));
    return Buffer.concat(chunks);
  }
  const local = isAbsolute(path) || !ctx.runDir ? path : join(ctx.runDir, path);
  try {
    return await readFile(local);
  } catch (err) {
    throw new Error(`attachment ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

function emailLimit(ctx: ActionContext, key: 'EMAIL_MAX_SIZE' | 'EMAIL_MAX_ATTACHMENT_SIZE'): number {
  return parseSize(runConfig(ctx, key));
}
