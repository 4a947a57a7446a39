import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientConfig, uniqueName, useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { Logger } from '@lava/logging';
import { SqsConsumer } from './sqs-consumer';
import type { MessageDisposition, QueueMessage } from './message-disposition';

const aws = useAwsEndpoint();
const quiet = new Logger({ service: 'test' }, { sink: () => undefined });

describe('SqsConsumer', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = new SQSClient(awsClientConfig(aws.url()));
  });
  afterAll(() => sqs.destroy());

  async function queue(): Promise<string> {
    const out = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('consumer') }));
    return out.QueueUrl!;
  }

  async function depth(url: string): Promise<{ visible: number; inflight: number }> {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    return {
      visible: Number(out.Attributes?.ApproximateNumberOfMessages),
      inflight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible),
    };
  }

  it('handles every message once with bounded concurrency and deletes on ack', async () => {
    const url = await queue();
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const consumer = new SqsConsumer({
      sqs,
      queueUrl: url,
      logger: quiet,
      concurrency: 3,
      waitTimeSeconds: 1,
      handler: async (m) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 30));
        seen.push(m.body);
        active--;
        return { kind: 'ack' };
      },
    });
    for (let i = 0; i < 12; i++)
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    consumer.start();
    await pollUntil(() => (seen.length === 12 ? true : undefined));
    await consumer.stop();
    expect(new Set(seen).size).toBe(12);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    expect(await depth(url)).toEqual({ visible: 0, inflight: 0 });
  });

  it('frees a slot once the handler has decided, while the delete is still pending, and deletes on stop', async () => {
    const url = await queue();
    const handled: number[] = [];
    const consumer = new SqsConsumer({
      sqs,
      queueUrl: url,
      logger: quiet,
      concurrency: 1,
      waitTimeSeconds: 1,
      // Deletes wait 10 s for company: a slot held until its delete would hold the second message as long.
      deleteLingerMs: 10_000,
      handler: async () => {
        handled.push(Date.now());
        return { kind: 'ack' };
      },
    });
    for (const body of ['a', 'b'])
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    const started = Date.now();
    consumer.start();
    await pollUntil(() => (handled.length === 2 ? true : undefined));
    expect(handled[1]! - started).toBeLessThan(5_000);
    expect(await depth(url)).toEqual({ visible: 0, inflight: 2 });
    await consumer.stop();
    expect(await depth(url)).toEqual({ visible: 0, inflight: 0 });
  });

  it('keeps a long-running message invisible past the visibility timeout with heartbeats', async () => {
    const url = await queue();
    const deliveries: QueueMessage[] = [];
    const consumer = new SqsConsumer({
      sqs,
      queueUrl: url,
      logger: quiet,
      visibilityTimeoutSeconds: 1,
      heartbeatSeconds: 0.3,
      waitTimeSeconds: 1,
      handler: async (m) => {
        deliveries.push(m);
        await new Promise((r) => setTimeout(r, 3000));
        return { kind: 'ack' };
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'long' }));
    consumer.start();
    await pollUntil(async () =>
      deliveries.length === 1 && (await depth(url)).inflight === 0 ? true : undefined,
    );
    await consumer.stop();
    expect(deliveries).toHaveLength(1);
  });

  it('leaves a message whose handler throws for redelivery, and releases with a delay', async () => {
    const url = await queue();
    const counts: number[] = [];
    const dispositions: MessageDisposition[] = [{ kind: 'release', delaySeconds: 1 }];
    const consumer = new SqsConsumer({
      sqs,
      queueUrl: url,
      logger: quiet,
      visibilityTimeoutSeconds: 1,
      waitTimeSeconds: 1,
      handler: async (m) => {
        counts.push(m.receiveCount);
        if (counts.length === 1) throw new Error('transient');
        return dispositions.shift() ?? { kind: 'ack' };
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'flaky' }));
    consumer.start();
    await pollUntil(() => (counts.length === 3 ? true : undefined), { timeoutMs: 15000 });
    await consumer.stop();
    expect(counts).toEqual([1, 2, 3]);
  });

  it('requeues with a replacement body and drains in-flight work on stop', async () => {
    const url = await queue();
    const bodies: string[] = [];
    let finished = false;
    const consumer = new SqsConsumer({
      sqs,
      queueUrl: url,
      logger: quiet,
      waitTimeSeconds: 1,
      handler: async (m) => {
        bodies.push(m.body);
        if (m.body === 'v1') return { kind: 'requeue', body: 'v2', delaySeconds: 0 };
        await new Promise((r) => setTimeout(r, 500));
        finished = true;
        return { kind: 'ack' };
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'v1' }));
    consumer.start();
    await pollUntil(() => (bodies.includes('v2') ? true : undefined));
    await consumer.stop();
    expect(finished).toBe(true);
    expect(bodies).toEqual(['v1', 'v2']);
    expect(await depth(url)).toEqual({ visible: 0, inflight: 0 });
  });
});
