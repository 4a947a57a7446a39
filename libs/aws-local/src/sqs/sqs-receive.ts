import type { SqsMessageAttribute } from '../contracts';
import { md5OfAttributes } from './sqs-md5';
import { invalidValue } from './sqs-errors';
import type { StoredMessage } from './sqs-message';
import type { SqsQueue, Waiter } from './sqs-queue';
import type { SqsRegistry } from './sqs-registry';

type Input = Record<string, unknown>;

export interface ReceiveRequest {
  max: number;
  visibilityTimeout: number;
  wait: number;
  systemNames: string[];
  attributeNames: string[];
}

function optionalInt(
  input: Input,
  name: string,
  min: number,
  max: number,
  reason: string,
): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalidValue(name, value, reason);
  return n;
}

/** Validates ReceiveMessage input against the queue's defaults. */
export function parseReceive(queue: SqsQueue, input: Input): ReceiveRequest {
  const max = optionalInt(input, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const visibility = optionalInt(
    input,
    'VisibilityTimeout',
    0,
    43200,
    'Must be >= 0 and <= 43200, if provided.',
  );
  const wait = optionalInt(input, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.');
  // When both lists are given AWS honours the deprecated AttributeNames.
  const legacy = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : undefined;
  const system = Array.isArray(input.MessageSystemAttributeNames)
    ? (input.MessageSystemAttributeNames as string[])
    : undefined;
  return {
    max,
    visibilityTimeout: visibility ?? queue.numberAttribute('VisibilityTimeout'),
    wait: wait ?? queue.numberAttribute('ReceiveMessageWaitTimeSeconds'),
    systemNames: legacy ?? system ?? [],
    attributeNames: Array.isArray(input.MessageAttributeNames)
      ? (input.MessageAttributeNames as string[])
      : [],
  };
}

/** Receives now, or parks a long poll that the next visible message wakes (no polling loop). */
export function receive(
  queue: SqsQueue,
  registry: SqsRegistry,
  request: ReceiveRequest,
  now: () => number,
  signal?: AbortSignal,
): Promise<StoredMessage[]> {
  const take = () =>
    queue.receive({
      max: request.max,
      visibilityTimeout: request.visibilityTimeout,
      now: now(),
      resolveArn: (arn) => registry.arn(arn),
    });
  const immediate = take();
  if (immediate.length > 0 || request.wait === 0 || signal?.aborted) return Promise.resolve(immediate);
  return new Promise((resolve) => {
    const finish = (messages: StoredMessage[]) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      queue.waiters.delete(waiter);
      resolve(messages);
    };
    const onAbort = () => finish([]);
    const waiter: Waiter = {
      wake: () => {
        const messages = take();
        if (messages.length === 0) return false;
        finish(messages);
        return true;
      },
      cancel: () => finish([]),
    };
    const timer = setTimeout(() => finish([]), request.wait * 1000);
    signal?.addEventListener('abort', onAbort);
    queue.waiters.add(waiter);
  });
}

function selectSystem(message: StoredMessage, names: string[]): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const all: Record<string, string> = {
    ...message.system,
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
  };
  const wanted = names.includes('All') ? Object.keys(all) : names;
  const out: Record<string, string> = {};
  for (const name of wanted) if (all[name] !== undefined) out[name] = all[name];
  return Object.keys(out).length > 0 ? out : undefined;
}

function selectAttributes(
  message: StoredMessage,
  names: string[],
): Record<string, SqsMessageAttribute> | undefined {
  if (!message.attributes || names.length === 0) return undefined;
  const all = names.some((n) => n === 'All' || n === '.*' || n === '*');
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    const match = all || names.some((n) => (n.endsWith('.*') ? name.startsWith(n.slice(0, -1)) : n === name));
    if (match) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Wire form of a received message; attribute MD5 covers only the returned subset. */
export function toWire(message: StoredMessage, request: ReceiveRequest): Input {
  const out: Input = {
    MessageId: message.id,
    ReceiptHandle: message.receipt,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const system = selectSystem(message, request.systemNames);
  if (system) out.Attributes = system;
  const attributes = selectAttributes(message, request.attributeNames);
  if (attributes) {
    out.MessageAttributes = attributes;
    out.MD5OfMessageAttributes =
      attributes === message.attributes ||
      Object.keys(attributes).length === Object.keys(message.attributes ?? {}).length
        ? message.md5OfAttributes
        : md5OfAttributes(attributes);
  }
  return out;
}
