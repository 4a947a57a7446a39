import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ActionPorts, NotificationPorts } from '@lava/core';
import type { StateRepository } from '../repositories/state.repository';
import type { StateType } from '@lava/core';
import type { BusDispatchPort } from './bus-dispatch-port';

/** AWS side of the job actions: event, sqs, sns, state, dispatch. */
export class AwsActionPorts implements ActionPorts {
  constructor(
    readonly dispatcher: BusDispatchPort,
    private readonly clients: { eventBridge: EventBridgeClient; sqs: SQSClient; sns: SNSClient },
    private readonly state: StateRepository,
    /** Email and Slack delivery (connectors' ConnectionNotifier in the worker). */
    readonly notify?: NotificationPorts,
  ) {}

  async putEvent(entry: {
    source: string;
    detailType: string;
    detail: string;
    resources?: string[];
    eventBusName?: string;
  }): Promise<void> {
    const out = await this.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: entry.detail,
            Resources: entry.resources,
            EventBusName: entry.eventBusName,
          },
        ],
      }),
    );
    if (out.FailedEntryCount)
      throw new Error(
        `PutEvents failed: ${out.Entries?.[0]?.ErrorCode ?? 'unknown'} ${out.Entries?.[0]?.ErrorMessage ?? ''}`.trim(),
      );
  }

  /** `queue` is a name, or a URL without scheme as the original accepted (an `https://` one works too). */
  async sendSqs(
    queue: string,
    body: string,
    options: { delaySeconds?: number; groupId?: string; dedupId?: string },
  ): Promise<void> {
    const url = await this.queueUrl(queue);
    const fifo = url.endsWith('.fifo');
    await this.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        DelaySeconds: options.delaySeconds,
        ...(fifo ? { MessageGroupId: options.groupId, MessageDeduplicationId: options.dedupId } : {}),
      }),
    );
  }

  async publishSns(topicArn: string, message: string, subject?: string): Promise<void> {
    await this.clients.sns.send(
      new PublishCommand({ TopicArn: topicArn, Message: message, Subject: subject }),
    );
  }

  async putState(
    stateId: string,
    value: unknown,
    options: { type: string; ttlSeconds: number; publisher: string; kmsKey?: string },
  ): Promise<void> {
    await this.state.putState({
      kmsKey: options.kmsKey,
      state_id: stateId,
      value,
      type: options.type as StateType,
      ttlSeconds: options.ttlSeconds,
      publisher: options.publisher,
    });
  }

  private async queueUrl(queue: string): Promise<string> {
    if (/^https?:\/\//.test(queue)) return queue;
    if (queue.includes('.amazonaws.com/')) return `https://${queue}`;
    const out = await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
    return out.QueueUrl!;
  }
}
