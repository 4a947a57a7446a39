import { createHash, randomUUID } from 'node:crypto';
import type { SqsMessageAttribute } from '../contracts';
import { md5OfAttributes, md5OfBody } from './sqs-md5';
import { invalidValue, sqsErrors } from './sqs-errors';
import {
  messageSize,
  validateAttributes,
  validateBody,
  validateFifoId,
  type StoredMessage,
} from './sqs-message';
import type { SqsQueue } from './sqs-queue';

/** One message to send, as in a SendMessage request or a batch entry. */
export interface SendInput {
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: unknown;
  MessageSystemAttributes?: unknown;
  MessageDeduplicationId?: unknown;
  MessageGroupId?: unknown;
}

export interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

const DEDUP_WINDOW_MS = 5 * 60 * 1000;

/** Validated, ready-to-store form of a send (validation happens before anything is enqueued). */
export interface PreparedSend {
  body: string;
  attributes?: Record<string, SqsMessageAttribute>;
  systemAttributes?: Record<string, SqsMessageAttribute>;
  delay: number;
  groupId?: string;
  dedupId?: string;
  size: number;
}

/** Applies validation rules in AWS's order. */
export function prepareSend(queue: SqsQueue, input: SendInput): PreparedSend {
  const body = validateBody(input.MessageBody);
  const attributes = validateAttributes(input.MessageAttributes);
  const size = messageSize(body, attributes);
  const max = queue.numberAttribute('MaximumMessageSize');
  if (size > max)
    throw sqsErrors.invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`,
    );
  const systemAttributes = validateSystemAttributes(input.MessageSystemAttributes);
  const delay = validateDelay(queue, input.DelaySeconds);
  const prepared: PreparedSend = { body, attributes, systemAttributes, delay, size };
  if (queue.fifo) prepareFifo(queue, input, prepared);
  else {
    if (input.MessageDeduplicationId !== undefined) {
      throw invalidValue(
        'MessageDeduplicationId',
        input.MessageDeduplicationId,
        'The request includes a parameter that is not valid for this queue type.',
      );
    }
    if (input.MessageGroupId !== undefined)
      prepared.groupId = validateFifoId('MessageGroupId', input.MessageGroupId);
  }
  return prepared;
}

function validateSystemAttributes(input: unknown): Record<string, SqsMessageAttribute> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const entries = Object.entries(input as Record<string, SqsMessageAttribute>);
  for (const [name] of entries) {
    if (name !== 'AWSTraceHeader')
      throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
  }
  return entries.length > 0 ? (input as Record<string, SqsMessageAttribute>) : undefined;
}

function validateDelay(queue: SqsQueue, value: unknown): number {
  if (value === undefined || value === null) return queue.numberAttribute('DelaySeconds');
  const delay = Number(value);
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw invalidValue('DelaySeconds', value, 'Must be >= 0 and <= 900, if provided.');
  }
  if (queue.fifo) {
    if (delay !== 0)
      throw invalidValue(
        'DelaySeconds',
        value,
        'The request include parameter that is not valid for this queue type.',
      );
    return queue.numberAttribute('DelaySeconds');
  }
  return delay;
}

function prepareFifo(queue: SqsQueue, input: SendInput, prepared: PreparedSend): void {
  if (input.MessageGroupId === undefined) throw sqsErrors.missingParameter('MessageGroupId');
  prepared.groupId = validateFifoId('MessageGroupId', input.MessageGroupId);
  if (input.MessageDeduplicationId !== undefined) {
    prepared.dedupId = validateFifoId('MessageDeduplicationId', input.MessageDeduplicationId);
  } else if (queue.attributes.ContentBasedDeduplication === 'true') {
    prepared.dedupId = createHash('sha256').update(prepared.body, 'utf8').digest('hex');
  } else {
    throw sqsErrors.invalidParameterValue(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  }
}

/** Stores a prepared message (or recognises a FIFO duplicate) and answers like SendMessage. */
export function commitSend(
  queue: SqsQueue,
  prepared: PreparedSend,
  senderId: string,
  now: number,
): SendResult {
  const result: SendResult = { MessageId: randomUUID(), MD5OfMessageBody: md5OfBody(prepared.body) };
  if (prepared.attributes) result.MD5OfMessageAttributes = md5OfAttributes(prepared.attributes);
  if (prepared.systemAttributes)
    result.MD5OfMessageSystemAttributes = md5OfAttributes(prepared.systemAttributes);
  const dedupKey = queue.fifo ? dedupKeyOf(queue, prepared) : undefined;
  if (dedupKey !== undefined) {
    const seen = queue.dedup.get(dedupKey);
    if (seen && seen.expiresAt > now)
      return { ...result, MessageId: seen.messageId, SequenceNumber: seen.sequenceNumber };
  }
  const message = buildMessage(queue, prepared, result, senderId, now);
  if (dedupKey !== undefined) {
    result.SequenceNumber = message.system.SequenceNumber;
    queue.dedup.set(dedupKey, {
      messageId: result.MessageId,
      sequenceNumber: result.SequenceNumber,
      expiresAt: now + DEDUP_WINDOW_MS,
    });
    pruneDedup(queue, now);
  }
  queue.enqueue(message, prepared.delay, now);
  return result;
}

function dedupKeyOf(queue: SqsQueue, prepared: PreparedSend): string {
  return queue.attributes.DeduplicationScope === 'messageGroup'
    ? `${prepared.groupId}\u0000${prepared.dedupId}`
    : (prepared.dedupId ?? '');
}

function pruneDedup(queue: SqsQueue, now: number): void {
  // Map iteration is insertion order, so expired entries are at the front.
  for (const [key, entry] of queue.dedup) {
    if (entry.expiresAt > now) break;
    queue.dedup.delete(key);
  }
}

function buildMessage(
  queue: SqsQueue,
  prepared: PreparedSend,
  result: SendResult,
  senderId: string,
  now: number,
): StoredMessage {
  const system: Record<string, string> = { SenderId: senderId, SentTimestamp: String(now) };
  const trace = prepared.systemAttributes?.AWSTraceHeader?.StringValue;
  if (trace) system.AWSTraceHeader = trace;
  if (prepared.groupId !== undefined) system.MessageGroupId = prepared.groupId;
  if (queue.fifo) {
    system.MessageDeduplicationId = prepared.dedupId ?? '';
    system.SequenceNumber = queue.nextSequenceNumber();
  }
  return {
    id: result.MessageId,
    body: prepared.body,
    md5OfBody: result.MD5OfMessageBody,
    attributes: prepared.attributes,
    md5OfAttributes: result.MD5OfMessageAttributes,
    system,
    sentAt: now,
    receiveCount: 0,
    state: 'visible',
    visibleAt: now,
    inReady: false,
    groupId: queue.fifo ? prepared.groupId : undefined,
  };
}
