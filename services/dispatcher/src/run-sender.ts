import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TRACEPARENT_ATTRIBUTE, type BusPublisher, type PublishableEvent } from '@lava/aws';
import { RequestBatcher } from './request-batcher';
import { MAX_SQS_MESSAGE_BYTES } from './request-limits';

/** One SQS send: a run message to a worker queue, or a deferred hop to the dispatch queue. */
export interface QueueSend {
  queueUrl: string;
  body: string;
  delaySeconds: number;
  /** W3C traceparent, sent as a message attribute (tracing on). */
  traceparent?: string;
}

/**
 * The dispatcher's writes, batched: SendMessageBatch per queue and PutEvents for the events it
 * publishes, each coalescing concurrent dispatches (up to 10 per request, without a timer: see
 * {@link RequestBatcher}). Queue batches are cut by bytes too: SQS refuses a whole
 * SendMessageBatch over 1 MiB, so a large run message never takes its neighbours down with it.
 */
export class DispatchOutbox {
  private readonly queues = new Map<string, RequestBatcher<QueueSend>>();
  private readonly events: RequestBatcher<PublishableEvent>;

  constructor(
    private readonly sqs: SQSClient,
    publisher: BusPublisher,
  ) {
    this.events = new RequestBatcher(async (items) => {
      await publisher.publish(items);
      return items.map(() => undefined);
    });
  }

  send(message: QueueSend): Promise<void> {
    let batcher = this.queues.get(message.queueUrl);
    if (!batcher) {
      batcher = new RequestBatcher((items) => this.sendBatch(message.queueUrl, items), {
        sizeOf: (m) => Buffer.byteLength(m.body, 'utf8'),
        maxSize: MAX_SQS_MESSAGE_BYTES,
      });
      this.queues.set(message.queueUrl, batcher);
    }
    return batcher.add(message);
  }

  publish(event: PublishableEvent): Promise<void> {
    return this.events.add(event);
  }

  async flush(): Promise<void> {
    await Promise.all([this.events.flush(), ...[...this.queues.values()].map((b) => b.flush())]);
  }

  private async sendBatch(queueUrl: string, items: QueueSend[]): Promise<Array<Error | undefined>> {
    const out = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: items.map((m, i) => ({
          Id: String(i),
          MessageBody: m.body,
          DelaySeconds: m.delaySeconds,
          ...(m.traceparent ? { MessageAttributes: traceAttribute(m.traceparent) } : {}),
        })),
      }),
    );
    const failed = new Map((out.Failed ?? []).map((f) => [f.Id, f]));
    return items.map((_, i) => {
      const f = failed.get(String(i));
      return f
        ? new Error(`SendMessageBatch entry refused: ${f.Code ?? '?'} ${f.Message ?? ''}`.trim())
        : undefined;
    });
  }
}

function traceAttribute(traceparent: string) {
  return { [TRACEPARENT_ATTRIBUTE]: { DataType: 'String', StringValue: traceparent } };
}
