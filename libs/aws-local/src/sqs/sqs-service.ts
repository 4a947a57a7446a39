import { createHash } from 'node:crypto';
import type {
  JsonService,
  Persistable,
  RequestContext,
  SqsDelivery,
  SqsMessageAttribute,
} from '../contracts';
import { batchEntries, batchFailure, type BatchFailure } from './sqs-batch';
import { invalidValue, sqsErrors } from './sqs-errors';
import type { StoredMessage } from './sqs-message';
import { SqsQueue } from './sqs-queue';
import { SqsQueueOps } from './sqs-queue-ops';
import { parseReceive, receive, toWire } from './sqs-receive';
import { SqsRegistry } from './sqs-registry';
import { commitSend, prepareSend, type PreparedSend, type SendInput } from './sqs-send';

type Input = Record<string, unknown>;
const MAX_BATCH_BYTES = 1048576;

export interface SqsServiceOptions {
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/** SQS over awsJson, plus delivery into queues for EventBridge and SNS. */
export class SqsService implements JsonService, SqsDelivery, Persistable {
  readonly registry = new SqsRegistry();
  private readonly now: () => number;
  private readonly queueOps: SqsQueueOps;
  private readonly operations: Record<string, (input: Input, ctx: RequestContext) => Input | Promise<Input>>;

  constructor(options: SqsServiceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.queueOps = new SqsQueueOps(this.registry, this.now);
    const q = this.queueOps;
    this.operations = {
      CreateQueue: (i, c) => q.createQueue(i, c),
      GetQueueUrl: (i, c) => q.getQueueUrl(i, c),
      ListQueues: (i, c) => q.listQueues(i, c),
      DeleteQueue: (i, c) => q.deleteQueue(i, c),
      PurgeQueue: (i, c) => q.purgeQueue(i, c),
      GetQueueAttributes: (i, c) => q.getQueueAttributes(i, c),
      SetQueueAttributes: (i, c) => q.setQueueAttributes(i, c),
      ListDeadLetterSourceQueues: (i, c) => q.listDeadLetterSourceQueues(i, c),
      TagQueue: (i, c) => q.tagQueue(i, c),
      UntagQueue: (i, c) => q.untagQueue(i, c),
      ListQueueTags: (i, c) => q.listQueueTags(i, c),
      SendMessage: (i, c) => this.sendMessage(i, c),
      SendMessageBatch: (i, c) => this.sendMessageBatch(i, c),
      ReceiveMessage: (i, c) => this.receiveMessage(i, c),
      DeleteMessage: (i, c) => this.deleteMessage(i, c),
      DeleteMessageBatch: (i, c) => this.deleteMessageBatch(i, c),
      ChangeMessageVisibility: (i, c) => this.changeVisibility(i, c),
      ChangeMessageVisibilityBatch: (i, c) => this.changeVisibilityBatch(i, c),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    const op = this.operations[operation];
    if (!op) return Promise.reject(sqsErrors.unsupported(operation));
    try {
      return Promise.resolve(op(input, ctx));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private sendMessage(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    const result = commitSend(queue, prepareSend(queue, input as SendInput), ctx.account, this.now());
    queue.notify();
    return { ...result };
  }

  private sendMessageBatch(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    const entries = batchEntries(input);
    const prepared: (PreparedSend | BatchFailure)[] = entries.map((entry) => {
      try {
        return prepareSend(queue, entry as SendInput);
      } catch (error) {
        return batchFailure(entry.Id as string, error);
      }
    });
    const total = prepared.reduce((sum, p) => sum + ('size' in p ? p.size : 0), 0);
    if (total > MAX_BATCH_BYTES) {
      throw sqsErrors.batch(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
      );
    }
    const Successful: Input[] = [];
    const Failed: BatchFailure[] = [];
    const now = this.now();
    prepared.forEach((p, index) => {
      if ('Code' in p) Failed.push(p);
      else Successful.push({ Id: entries[index]!.Id, ...commitSend(queue, p, ctx.account, now) });
    });
    queue.notify();
    return { Successful, Failed };
  }

  private async receiveMessage(input: Input, ctx: RequestContext): Promise<Input> {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    const request = parseReceive(queue, input);
    const messages = await receive(queue, this.registry, request, this.now, ctx.signal);
    return messages.length > 0 ? { Messages: messages.map((m) => toWire(m, request)) } : {};
  }

  private findByHandle(queue: SqsQueue, handle: unknown): StoredMessage | undefined {
    if (typeof handle !== 'string' || handle.length === 0) throw sqsErrors.missingParameter('ReceiptHandle');
    const id = queue.messageIdOf(handle);
    if (id === undefined) throw sqsErrors.receiptHandleIsInvalid(handle);
    return queue.messages.get(id);
  }

  private deleteOne(queue: SqsQueue, handle: unknown): void {
    const message = this.findByHandle(queue, handle);
    if (!message) return;
    // FIFO refuses a handle whose visibility window is over; standard queues delete anyway.
    if (queue.fifo && (message.state !== 'inflight' || message.receipt !== handle)) {
      throw invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');
    }
    queue.remove(message);
  }

  private deleteMessage(input: Input, ctx: RequestContext): Input {
    this.deleteOne(this.registry.fromUrl(ctx, input.QueueUrl), input.ReceiptHandle);
    return {};
  }

  private deleteMessageBatch(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    return this.perEntry(batchEntries(input), (entry) => this.deleteOne(queue, entry.ReceiptHandle));
  }

  private changeOne(queue: SqsQueue, handle: unknown, timeout: unknown): void {
    const seconds = Number(timeout);
    if (timeout === undefined || !Number.isInteger(seconds) || seconds < 0 || seconds > 43200) {
      throw invalidValue('VisibilityTimeout', timeout, 'Must be >= 0 and <= 43200, if provided.');
    }
    const message = this.findByHandle(queue, handle);
    if (!message)
      throw invalidValue(
        'ReceiptHandle',
        handle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    queue.changeVisibility(message, seconds, this.now());
  }

  private changeVisibility(input: Input, ctx: RequestContext): Input {
    this.changeOne(this.registry.fromUrl(ctx, input.QueueUrl), input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  }

  private changeVisibilityBatch(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    return this.perEntry(batchEntries(input), (entry) =>
      this.changeOne(queue, entry.ReceiptHandle, entry.VisibilityTimeout),
    );
  }

  private perEntry(entries: Input[], fn: (entry: Input) => void): Input {
    const Successful: Input[] = [];
    const Failed: BatchFailure[] = [];
    for (const entry of entries) {
      try {
        fn(entry);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        Failed.push(batchFailure(entry.Id as string, error));
      }
    }
    return { Successful, Failed };
  }

  // async so that a validation throw reaches callers as a rejection
  async sendToQueueArn(
    arn: string,
    body: string,
    options: {
      messageGroupId?: string;
      messageDeduplicationId?: string;
      messageAttributes?: Record<string, SqsMessageAttribute>;
    } = {},
  ): Promise<void> {
    const queue = this.registry.arn(arn);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    const input: SendInput = {
      MessageBody: body,
      MessageAttributes: options.messageAttributes,
      MessageGroupId: options.messageGroupId,
      MessageDeduplicationId: options.messageDeduplicationId,
    };
    if (
      queue.fifo &&
      options.messageDeduplicationId === undefined &&
      queue.attributes.ContentBasedDeduplication !== 'true'
    ) {
      // Services delivering into FIFO queues without an id get content-based deduplication, as AWS does for EventBridge.
      input.MessageDeduplicationId = createHash('sha256').update(body).digest('hex');
    }
    if (queue.fifo && input.MessageGroupId === undefined) input.MessageGroupId = 'default';
    commitSend(queue, prepareSend(queue, input), queue.account, this.now());
    queue.notify();
  }

  snapshot(): unknown {
    return this.registry.all().map((queue) => ({
      name: queue.name,
      account: queue.account,
      region: queue.region,
      attributes: queue.attributes,
      tags: queue.tags,
      createdAt: queue.createdAt,
      lastModified: queue.lastModified,
      messages: [...queue.messages.values()].map(({ timer: _timer, inReady: _inReady, ...rest }) => rest),
    }));
  }

  restore(data: unknown): void {
    const now = this.now();
    for (const saved of (data as SavedQueue[] | undefined) ?? []) {
      const queue = new SqsQueue(saved.name, saved.account, saved.region, saved.attributes, saved.createdAt);
      queue.tags = saved.tags;
      queue.lastModified = saved.lastModified;
      this.registry.add(queue);
      for (const message of saved.messages) queue.restoreMessage({ ...message, inReady: false }, now);
    }
  }

  /** Cancels timers and parked long polls (shutdown). */
  close(): void {
    for (const queue of this.registry.all()) {
      for (const waiter of [...queue.waiters]) waiter.cancel();
      for (const message of queue.messages.values()) if (message.timer) clearTimeout(message.timer);
    }
  }
}

interface SavedQueue {
  name: string;
  account: string;
  region: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  lastModified: number;
  messages: Omit<StoredMessage, 'timer' | 'inReady'>[];
}
