import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { BusPublisher, createAwsClients, loadAwsConfig, type AwsClients } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { DispatchOutbox } from './run-sender';

const aws = useAwsEndpoint();

describe('DispatchOutbox batches against SQS (local AWS)', () => {
  let clients: AwsClients;
  let queueUrl: string;

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    queueUrl = (
      await clients.sqs.send(new CreateQueueCommand({ QueueName: `outbox-${randomUUID().slice(0, 8)}` }))
    ).QueueUrl!;
  });
  afterAll(async () => {
    await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });

  async function receiveSizes(): Promise<number[]> {
    const out = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (out.Messages ?? []).map((m) => m.Body!.length).sort((a, b) => a - b);
  }

  it('a 250 KB message next to a 1 MB one: both are sent (batches cut by bytes)', async () => {
    const outbox = new DispatchOutbox(clients.sqs, new BusPublisher(clients.eventBridge, 'unused'));
    const sends = [250_000, 1_000_000].map((n) =>
      outbox.send({ queueUrl, body: 'x'.repeat(n), delaySeconds: 0 }),
    );
    await expect(Promise.all(sends)).resolves.toEqual([undefined, undefined]);
    expect(await receiveSizes()).toEqual([250_000, 1_000_000]);
  });

  it('a message over the SQS limit fails alone; its 250 KB neighbour is sent', async () => {
    const outbox = new DispatchOutbox(clients.sqs, new BusPublisher(clients.eventBridge, 'unused'));
    const [small, large] = await Promise.allSettled(
      [250_000, 1_100_000].map((n) => outbox.send({ queueUrl, body: 'y'.repeat(n), delaySeconds: 0 })),
    );
    expect(small!.status).toBe('fulfilled');
    expect(large!.status).toBe('rejected');
    expect(await receiveSizes()).toEqual([250_000]);
  });
});
