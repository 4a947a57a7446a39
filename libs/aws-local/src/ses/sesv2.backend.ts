import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, type RequestContext } from '../contracts';
import { readBody } from '../edge/body';
import type { SesMailbox } from './ses-mailbox';

interface SendEmailInput {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
    Raw?: { Data?: string };
  };
  ConfigurationSetName?: string;
}

/**
 * SES v2 over restJson: `POST /v2/email/outbound-emails` (SendEmail with simple or raw content),
 * recorded in the mailbox. Errors the restJson way: status, `x-amzn-ErrorType`, `{message}`.
 */
export class SesV2Backend {
  constructor(private readonly mailbox: SesMailbox) {}

  async handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    try {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== '/v2/email/outbound-emails')
        throw new AwsError(
          'NotFoundException',
          `SES v2 ${req.method} ${path} is not implemented by lava-aws-local.`,
          404,
        );
      const input = parse(await readBody(req));
      const messageId = this.send(input, ctx);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ MessageId: messageId }));
    } catch (error) {
      const e =
        error instanceof AwsError ? error : new AwsError('BadRequestException', (error as Error).message);
      res
        .writeHead(e.status, { 'content-type': 'application/json', 'x-amzn-errortype': e.code })
        .end(JSON.stringify({ message: e.message }));
    }
  }

  private send(input: SendEmailInput, ctx: RequestContext): string {
    const content = input.Content ?? {};
    if (!content.Simple === !content.Raw)
      throw new AwsError(
        'BadRequestException',
        'Content must contain exactly one of Simple, Raw or Template.',
      );
    const common = {
      Region: ctx.region,
      Destination: input.Destination,
      ConfigurationSet: input.ConfigurationSetName,
    };
    if (content.Raw) {
      if (!content.Raw.Data) throw new AwsError('BadRequestException', 'Raw.Data is required.');
      const raw = Buffer.from(content.Raw.Data, 'base64').toString('utf8');
      const from =
        input.FromEmailAddress ?? /^from:\s*(.+)$/im.exec(raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1]?.trim();
      return this.mailbox.record({ ...common, Source: from ?? '', RawData: raw });
    }
    const simple = content.Simple!;
    if (simple.Subject?.Data === undefined) throw new AwsError('BadRequestException', 'Subject is required.');
    return this.mailbox.record({
      ...common,
      Source: input.FromEmailAddress ?? '',
      Subject: simple.Subject.Data,
      Body: { text_part: simple.Body?.Text?.Data, html_part: simple.Body?.Html?.Data },
    });
  }
}

function parse(body: Buffer): SendEmailInput {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as SendEmailInput;
  } catch {
    throw new AwsError('BadRequestException', 'The request body is not valid JSON.');
  }
}
