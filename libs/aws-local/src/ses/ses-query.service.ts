import { AwsError, type RequestContext } from '../contracts';
import type { QueryParams, QueryService, XmlValue } from '../edge/query-protocol';
import type { SesMailbox } from './ses-mailbox';

/** `Destination.ToAddresses.member.1`, `.2`, … as a list. */
function members(params: QueryParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++) out.push(params.get(`${prefix}.member.${i}`)!);
  return out;
}

/** The `From:` header of a raw MIME message (its source when the request names none). */
function fromHeader(raw: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^from:\s*(.+)$/im.exec(head)?.[1]?.trim();
}

/** SES (v1) over awsQuery: SendEmail and SendRawEmail, recorded in the mailbox. */
export class SesQueryService implements QueryService {
  readonly xmlNamespace = 'http://ses.amazonaws.com/doc/2010-12-01/';

  constructor(private readonly mailbox: SesMailbox) {}

  handle(action: string, params: QueryParams, ctx: RequestContext): Promise<Record<string, XmlValue>> {
    try {
      switch (action) {
        case 'SendEmail':
          return Promise.resolve({ MessageId: this.sendEmail(params, ctx) });
        case 'SendRawEmail':
          return Promise.resolve({ MessageId: this.sendRaw(params, ctx) });
        default:
          throw new AwsError(
            'InvalidAction',
            `SES operation ${action} is not implemented by lava-aws-local.`,
          );
      }
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private sendEmail(params: QueryParams, ctx: RequestContext): string {
    const destination = {
      ToAddresses: members(params, 'Destination.ToAddresses'),
      CcAddresses: members(params, 'Destination.CcAddresses'),
      BccAddresses: members(params, 'Destination.BccAddresses'),
    };
    const subject = params.get('Message.Subject.Data');
    if (subject === undefined) throw new AwsError('ValidationError', 'Message.Subject.Data is required');
    return this.mailbox.record({
      Region: ctx.region,
      Source: params.get('Source') ?? '',
      Destination: destination,
      Subject: subject,
      Body: {
        text_part: params.get('Message.Body.Text.Data'),
        html_part: params.get('Message.Body.Html.Data'),
      },
      ConfigurationSet: params.get('ConfigurationSetName'),
    });
  }

  private sendRaw(params: QueryParams, ctx: RequestContext): string {
    const data = params.get('RawMessage.Data');
    if (!data) throw new AwsError('ValidationError', 'RawMessage.Data is required');
    const raw = Buffer.from(data, 'base64').toString('utf8');
    const to = members(params, 'Destinations');
    return this.mailbox.record({
      Region: ctx.region,
      Source: params.get('Source') ?? fromHeader(raw) ?? '',
      ...(to.length ? { Destination: { ToAddresses: to } } : {}),
      RawData: raw,
      ConfigurationSet: params.get('ConfigurationSetName'),
    });
  }
}
