import type { SqsMessageAttribute } from '../contracts';
import { invalidValue, sqsErrors } from './sqs-errors';

/** A message as stored in a queue. `state` drives which structure (ready deque, timer, group list) holds it. */
export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes?: Record<string, SqsMessageAttribute>;
  md5OfAttributes?: string;
  /** System attributes fixed at send (SenderId, SentTimestamp, MessageGroupId, …). */
  system: Record<string, string>;
  sentAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  state: 'delayed' | 'visible' | 'inflight' | 'deleted';
  visibleAt: number;
  receipt?: string;
  timer?: NodeJS.Timeout;
  inReady: boolean;
  groupId?: string;
}

// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF; with /u a lone surrogate is its own code point and fails.
// eslint-disable-next-line no-control-regex -- the allowed set is defined by control characters
const INVALID_CHARS = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

export function validateBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) throw sqsErrors.missingParameter('MessageBody');
  if (INVALID_CHARS.test(body)) throw sqsErrors.invalidMessageContents();
  return body;
}

function validateAttributeName(name: string): void {
  const lower = name.toLowerCase();
  if (
    !ATTRIBUTE_NAME.test(name) ||
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.') ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  ) {
    throw sqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
  }
}

function validateAttributeValue(name: string, attr: SqsMessageAttribute): SqsMessageAttribute {
  const type = attr.DataType;
  if (typeof type !== 'string' || !/^(String|Number|Binary)(\..+)?$/.test(type)) {
    throw sqsErrors.invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (type.startsWith('Binary')) {
    if (typeof attr.BinaryValue !== 'string' || attr.BinaryValue.length === 0) {
      throw sqsErrors.invalidParameterValue(
        `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
      );
    }
    return { DataType: type, BinaryValue: attr.BinaryValue };
  }
  const base = type.startsWith('Number') ? 'Number' : 'String';
  if (typeof attr.StringValue !== 'string' || attr.StringValue.length === 0) {
    throw sqsErrors.invalidParameterValue(
      `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  }
  if (base === 'Number' && !Number.isFinite(Number(attr.StringValue))) {
    throw sqsErrors.invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
  }
  return { DataType: type, StringValue: attr.StringValue };
}

/** Validates user message attributes; returns a clean copy or undefined when none. */
export function validateAttributes(input: unknown): Record<string, SqsMessageAttribute> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const entries = Object.entries(input as Record<string, SqsMessageAttribute>);
  if (entries.length === 0) return undefined;
  if (entries.length > 10)
    throw sqsErrors.invalidParameterValue(
      'Number of message attributes [' + entries.length + '] exceeds the allowed maximum [10].',
    );
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, attr] of entries) {
    validateAttributeName(name);
    out[name] = validateAttributeValue(name, attr ?? ({} as SqsMessageAttribute));
  }
  return out;
}

/** UTF-8 size of body plus attribute names, types and values, as AWS counts it against MaximumMessageSize. */
export function messageSize(body: string, attributes?: Record<string, SqsMessageAttribute>): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, attr] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attr.DataType);
    size +=
      attr.BinaryValue !== undefined
        ? Buffer.from(attr.BinaryValue, 'base64').length
        : Buffer.byteLength(attr.StringValue ?? '');
  }
  return size;
}

const ID_CHARS = /^[!-~]{1,128}$/;

/** Group and deduplication ids: 1–128 printable ASCII characters without spaces. */
export function validateFifoId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_CHARS.test(value))
    throw invalidValue(
      name,
      value,
      `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  return value;
}
