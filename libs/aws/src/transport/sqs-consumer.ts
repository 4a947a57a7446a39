import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from '@lava/logging';
import { DeleteBatcher } from './delete-batcher';
import type { MessageDisposition, QueueMessage, QueueMessageHandler } from './message-disposition';

export interface SqsConsumerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: QueueMessageHandler;
  logger: Logger;
  /** Messages processed at once (default 8). */
  concurrency?: number;
  /** Long-poll wait, seconds (default 20). */
  waitTimeSeconds?: number;
  /** Visibility granted at receive and renewed by each heartbeat, seconds (default 60). */
  visibilityTimeoutSeconds?: number;
  /** Heartbeat period, seconds (default a third of the visibility timeout). */
  heartbeatSeconds?: number;
  /** Time allowed for in-flight messages to finish on stop before their signals abort, ms. */
  drainGraceMs?: number;
  /**
   * After a receive that returned fewer messages than asked for, wait this long before the next
   * one, so that later receives (and their deletes) carry fuller batches: fewer requests per
   * message for a latency of at most this much (default 0: receive again at once).
   */
  gatherMs?: number;
  /** How long a delete waits for others to share its DeleteMessageBatch, ms (default 5). */
  deleteLingerMs?: number;
}

/** The message attribute carrying a W3C traceparent (a run's trace from dispatcher to worker). */
export const TRACEPARENT_ATTRIBUTE = 'traceparent';

/** SQS's longest visibility timeout and delay, seconds. */
const MAX_VISIBILITY_S = 43200;
const MAX_DELAY_S = 900;

/**
 * Long-polling SQS consumer: bounded concurrency, visibility heartbeat while a message is being
 * handled (so a 12-hour job needs no 12-hour queue timeout), acknowledgement only on a terminal
 * outcome, and a graceful drain on stop. A handler error leaves the message for redelivery (and
 * the queue's DLQ after maxReceiveCount): nothing is dropped silently.
 */
export class SqsConsumer {
  private running = false;
  private inFlight = 0;
  private slotFreed: (() => void) | undefined;
  private poll: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();
  private readonly deletes: DeleteBatcher;
  private readonly opts: Required<Omit<SqsConsumerOptions, 'heartbeatSeconds'>> & {
    heartbeatSeconds: number;
  };
  private readonly idle = new Set<Promise<void>>();

  constructor(options: SqsConsumerOptions) {
    const visibility = options.visibilityTimeoutSeconds ?? 60;
    this.opts = {
      concurrency: 8,
      waitTimeSeconds: 20,
      drainGraceMs: 30000,
      gatherMs: 0,
      deleteLingerMs: 5,
      ...options,
      visibilityTimeoutSeconds: visibility,
      heartbeatSeconds: options.heartbeatSeconds ?? Math.max(1, Math.floor(visibility / 3)),
    };
    this.deletes = new DeleteBatcher(options.sqs, options.queueUrl, this.opts.deleteLingerMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.pollLoop();
  }

  get activeMessages(): number {
    return this.inFlight;
  }

  /** Stops receiving, lets in-flight messages finish (aborting them after the grace time). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.poll?.abort();
    this.slotFreed?.();
    await this.loop;
    const grace = setTimeout(() => this.stopSignal.abort(), this.opts.drainGraceMs);
    // A message that finishes while this waits adds its disposition: wait for that too. Deletes
    // no longer wait for company: none is coming.
    while (this.idle.size) {
      void this.deletes.flush();
      await Promise.allSettled([...this.idle]);
    }
    clearTimeout(grace);
    await this.deletes.flush();
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      await this.waitForSlot();
      if (!this.running) break;
      const max = Math.min(10, this.opts.concurrency - this.inFlight);
      const messages = await this.receive(max);
      for (const m of messages) this.track(this.process(m));
      if (messages.length && messages.length < max && this.opts.gatherMs > 0 && this.running)
        await new Promise((r) => setTimeout(r, this.opts.gatherMs));
    }
  }

  private async receive(max: number): Promise<Message[]> {
    this.poll = new AbortController();
    try {
      const out = await this.opts.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.opts.queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: this.opts.waitTimeSeconds,
          VisibilityTimeout: this.opts.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.poll.signal },
      );
      return out.Messages ?? [];
    } catch (err) {
      if (!this.running) return [];
      this.opts.logger.error('receive failed; retrying', { queue: this.opts.queueUrl, error: err as Error });
      await new Promise((r) => setTimeout(r, 1000));
      return [];
    }
  }

  /**
   * Handles one message. Resolves when the handler has decided, which frees its slot: the
   * disposition (usually the delete) is applied on its own, and drained on stop. A message whose
   * disposition is lost is delivered again, which every handler already takes (the run ledger,
   * the idempotency claims).
   */
  private async process(raw: Message): Promise<void> {
    const message = toQueueMessage(raw);
    const heartbeat = setInterval(
      () => void this.extend(raw.ReceiptHandle!),
      this.opts.heartbeatSeconds * 1000,
    );
    let disposition: MessageDisposition;
    try {
      disposition = await this.opts.handler(message, { signal: this.stopSignal.signal });
    } catch (err) {
      clearInterval(heartbeat);
      this.leftForRedelivery(message, err);
      return;
    }
    this.drainOnStop(
      this.settle(raw.ReceiptHandle!, disposition)
        .catch((err: unknown) => this.leftForRedelivery(message, err))
        .finally(() => clearInterval(heartbeat)),
    );
  }

  private leftForRedelivery(message: QueueMessage, err: unknown): void {
    this.opts.logger.error('message handler failed; left for redelivery', {
      message_id: message.messageId,
      error: err as Error,
    });
  }

  private async settle(receiptHandle: string, d: MessageDisposition): Promise<void> {
    if (d.kind === 'ack') return this.deletes.delete(receiptHandle);
    if (d.kind === 'release')
      return this.changeVisibility(receiptHandle, Math.min(d.delaySeconds, MAX_VISIBILITY_S));
    await this.opts.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.opts.queueUrl,
        MessageBody: d.body,
        DelaySeconds: Math.min(d.delaySeconds, MAX_DELAY_S),
      }),
    );
    await this.deletes.delete(receiptHandle);
  }

  private async extend(receiptHandle: string): Promise<void> {
    try {
      await this.changeVisibility(receiptHandle, this.opts.visibilityTimeoutSeconds);
    } catch (err) {
      this.opts.logger.warn('visibility heartbeat failed', {
        queue: this.opts.queueUrl,
        error: err as Error,
      });
    }
  }

  private async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.opts.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.opts.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.round(seconds)),
      }),
    );
  }

  /** Work that holds a slot until it is done. */
  private track(work: Promise<void>): void {
    this.inFlight++;
    this.drainOnStop(
      work.finally(() => {
        this.inFlight--;
        this.slotFreed?.();
      }),
    );
  }

  /** Work that `stop` waits for. */
  private drainOnStop(work: Promise<void>): void {
    const done = work.finally(() => this.idle.delete(done));
    this.idle.add(done);
  }

  private waitForSlot(): Promise<void> {
    if (this.inFlight < this.opts.concurrency) return Promise.resolve();
    return new Promise((resolve) => {
      this.slotFreed = () => {
        this.slotFreed = undefined;
        resolve();
      };
    });
  }
}

function toQueueMessage(m: Message): QueueMessage {
  const attrs = (m.Attributes ?? {}) as Record<string, string>;
  return {
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    receiveCount: Number(attrs.ApproximateReceiveCount ?? 1),
    sentAt: new Date(Number(attrs.SentTimestamp ?? Date.now())),
    attributes: attrs,
    traceparent: m.MessageAttributes?.[TRACEPARENT_ATTRIBUTE]?.StringValue,
  };
}
