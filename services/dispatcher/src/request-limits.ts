import { jsonValueDepth, MAX_JSON_DEPTH } from '@lava/core';
import type { InboundRequest } from './dispatch-body';

/**
 * Longest job_id / idempotency_key, UTF-8 bytes. Both become DynamoDB keys (jobs table,
 * `lava.dispatch/<key>` state items), whose partition key DynamoDB caps at 2048 bytes.
 */
export const MAX_KEY_BYTES = 1024;

/** SQS's largest message (SendMessage and one SendMessageBatch request), bytes. */
export const MAX_SQS_MESSAGE_BYTES = 1_048_576;

/**
 * Checks a request against the limits every later step relies on (key sizes, nesting), so a
 * request that would throw in DynamoDB or in recursive code is rejected once instead of being
 * redelivered into the dead-letter queue. Returns the reason, or undefined when within limits.
 */
export function exceededLimit(request: InboundRequest): string | undefined {
  for (const field of ['job_id', 'idempotency_key'] as const) {
    const value = request[field];
    if (value === undefined) continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_KEY_BYTES)
      return `${field} is ${bytes} bytes; at most ${MAX_KEY_BYTES} bytes are allowed`;
  }
  for (const field of ['parameters', 'globals'] as const) {
    if (jsonValueDepth(request[field]) > MAX_JSON_DEPTH)
      return `${field} are nested more than ${MAX_JSON_DEPTH} levels deep; flatten them`;
  }
  return undefined;
}

/** The reason an SQS body is too large to send, or undefined. */
export function oversizedMessage(what: string, body: string): string | undefined {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes <= MAX_SQS_MESSAGE_BYTES) return undefined;
  return `${what} is ${bytes} bytes; SQS accepts at most ${MAX_SQS_MESSAGE_BYTES}: pass large inputs by reference (an S3 object or state item), not inline`;
}

/** An id safe to put in an event or log: long ones (refused anyway) are cut to a bounded prefix. */
export function boundedId(id: string): string {
  return Buffer.byteLength(id, 'utf8') <= MAX_KEY_BYTES ? id : `${id.slice(0, 200)}...`;
}
