import { randomUUID } from 'node:crypto';
import { AwsError } from '../contracts';

/** One message SES accepted, as `GET /_aws/ses` lists it (LocalStack's field names). */
export interface SentEmail {
  Id: string;
  Region: string;
  Source: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Subject?: string;
  Body?: { text_part?: string; html_part?: string };
  /** The whole MIME message, for raw sends. */
  RawData?: string;
  ConfigurationSet?: string;
  Timestamp: string;
}

/** SES's own limit on a message (v1 and v2): 40 MB after encoding. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** Messages kept for inspection; older ones are dropped (a test endpoint, not a mail store). */
const KEEP = 1000;

/** Every message sent through the local endpoint's SES APIs, newest last. */
export class SesMailbox {
  private readonly sent: SentEmail[] = [];

  /** Records a message after the checks SES makes on every send; returns its MessageId. */
  record(message: Omit<SentEmail, 'Id' | 'Timestamp'>): string {
    if (!message.Source) throw new AwsError('InvalidParameterValue', "Missing required header 'From'.");
    const recipients = [
      ...(message.Destination?.ToAddresses ?? []),
      ...(message.Destination?.CcAddresses ?? []),
      ...(message.Destination?.BccAddresses ?? []),
    ];
    if (!recipients.length && !message.RawData)
      throw new AwsError('InvalidParameterValue', "Missing final '@domain'");
    for (const address of [message.Source, ...recipients]) assertAddress(address);
    const size =
      Buffer.byteLength(message.RawData ?? '') + Buffer.byteLength(JSON.stringify(message.Body ?? {}));
    if (size > MAX_MESSAGE_BYTES)
      throw new AwsError('MessageRejected', 'Message length is more than 40 MB.', 400, 'MessageRejected');
    const id = `${Date.now().toString(16)}-${randomUUID()}-000000`;
    this.sent.push({ ...message, Id: id, Timestamp: new Date().toISOString() });
    if (this.sent.length > KEEP) this.sent.splice(0, this.sent.length - KEEP);
    return id;
  }

  list(): SentEmail[] {
    return [...this.sent];
  }
}

/** `Name <a@b>` or `a@b`: SES refuses an address without a local part and a domain. */
function assertAddress(address: string): void {
  const bare = /<([^>]*)>\s*$/.exec(address)?.[1] ?? address;
  if (!/^[^@\s]+@[^@\s]+$/.test(bare.trim()))
    throw new AwsError('InvalidParameterValue', `Illegal address: ${address}`);
}
