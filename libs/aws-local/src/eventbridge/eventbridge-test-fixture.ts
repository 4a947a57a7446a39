import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { awsClientConfig, uniqueName, type AwsTestEndpoint } from '../testing/endpoint';

/** A queue made for one test. */
export interface TestQueue {
  url: string;
  arn: string;
}

/**
 * Per-suite helper for the EventBridge conformance spec: real SDK clients, uniquely named buses,
 * rules and queues per test, and cleanup of everything it made (so the suite can run against a
 * shared external endpoint).
 */
export class EventBridgeFixture {
  eb!: EventBridgeClient;
  sqs!: SQSClient;
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  constructor(private readonly endpoint: AwsTestEndpoint) {}

  open(): void {
    this.eb = new EventBridgeClient(awsClientConfig(this.endpoint.url()));
    this.sqs = new SQSClient(awsClientConfig(this.endpoint.url()));
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
    this.eb?.destroy();
    this.sqs?.destroy();
  }

  async queue(fifo = false): Promise<TestQueue> {
    const name = uniqueName('ebq') + (fifo ? '.fifo' : '');
    const attributes = fifo ? { FifoQueue: 'true' } : undefined;
    const { QueueUrl } = await this.sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    const url = QueueUrl as string;
    this.cleanups.push(() => this.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
    const attrs = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    return { url, arn: attrs.Attributes?.['QueueArn'] as string };
  }

  async bus(): Promise<string> {
    const name = uniqueName('ebbus');
    await this.eb.send(new CreateEventBusCommand({ Name: name }));
    this.cleanups.push(() => this.eb.send(new DeleteEventBusCommand({ Name: name })));
    return name;
  }

  /** A rule (removed with its targets at the end). */
  async rule(bus: string, pattern: unknown, name = uniqueName('ebrule')): Promise<string> {
    await this.eb.send(
      new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify(pattern) }),
    );
    this.cleanups.push(async () => {
      const { Targets } = await this.eb.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus }));
      const ids = (Targets ?? []).map((t) => t.Id as string);
      if (ids.length > 0)
        await this.eb.send(new RemoveTargetsCommand({ Rule: name, EventBusName: bus, Ids: ids }));
      await this.eb.send(new DeleteRuleCommand({ Name: name, EventBusName: bus }));
    });
    return name;
  }

  /** Bus + rule + queue target in one go. */
  async route(
    pattern: unknown,
    target: Partial<Target> = {},
    fifo = false,
  ): Promise<{ bus: string; rule: string; queue: TestQueue }> {
    const [bus, queue] = await Promise.all([this.bus(), this.queue(fifo)]);
    const rule = await this.rule(bus, pattern);
    await this.target(bus, rule, { Id: 't1', Arn: queue.arn, ...target });
    return { bus, rule, queue };
  }

  async target(bus: string, rule: string, target: Target): Promise<void> {
    const out = await this.eb.send(
      new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [target] }),
    );
    if (out.FailedEntryCount) throw new Error(`PutTargets failed: ${JSON.stringify(out.FailedEntries)}`);
  }

  /** Receives until `count` messages arrived or the deadline passed (long polls, no sleeps). */
  async receive(queue: TestQueue, count: number, timeoutMs = 4000): Promise<Message[]> {
    const deadline = Date.now() + timeoutMs;
    const messages: Message[] = [];
    while (messages.length < count && Date.now() < deadline) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      messages.push(...(out.Messages ?? []));
    }
    return messages;
  }

  /**
   * Receives until a message containing `sentinel` arrives, returning every body seen. Negative
   * checks send the event that must not arrive first and a matching sentinel after it.
   */
  async bodiesUntil(queue: TestQueue, sentinel: string, timeoutMs = 4000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const bodies: string[] = [];
    while (!bodies.some((b) => b.includes(sentinel)) && Date.now() < deadline) {
      bodies.push(...(await this.receive(queue, 1, 1000)).map((m) => m.Body as string));
    }
    return bodies;
  }

  /** Bodies of the messages received (see `receive`). */
  async bodies(queue: TestQueue, count: number): Promise<string[]> {
    return (await this.receive(queue, count)).map((m) => m.Body as string);
  }
}
