import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { useAwsEndpoint } from '../testing';
import { pollUntil } from '@lava/errors';
import { awsClientConfig, createQueue, errorOf, receiveAll, receiveOne, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('SQS dead-letter queues and FIFO', () => {
  const aws = useAwsEndpoint();
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));

  it('moves a message to the DLQ after maxReceiveCount, keeping its receive count (check 42)', async () => {
    const dlq = await createQueue(sqs(), 'dlq');
    const source = await createQueue(sqs(), 'src', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
    });
    const sent = await sqs().send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'poison' }));
    const first = await receiveOne(sqs(), source.url, { VisibilityTimeout: 1 });
    expect(first.MessageId).toBe(sent.MessageId);
    // Once visibility lapses, the next receive on the source moves it instead of returning it.
    let returnedAgain = false;
    const dead = await pollUntil(async () => {
      const fromSource = await sqs().send(
        new ReceiveMessageCommand({ QueueUrl: source.url, WaitTimeSeconds: 1 }),
      );
      if (fromSource.Messages) returnedAgain = true;
      const { Messages } = await sqs().send(
        new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageSystemAttributeNames: ['All'] }),
      );
      return Messages?.[0];
    });
    expect(returnedAgain).toBe(false);
    expect(dead.MessageId).toBe(sent.MessageId);
    expect(dead.Body).toBe('poison');
    expect(dead.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(dead.Attributes?.DeadLetterQueueSourceArn).toBe(source.arn);
  });

  it('returns a message maxReceiveCount times before moving it', async () => {
    const dlq = await createQueue(sqs(), 'dlq2');
    const source = await createQueue(sqs(), 'src2', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await sqs().send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'twice' }));
    for (let i = 0; i < 2; i++) {
      const got = await receiveOne(sqs(), source.url);
      await sqs().send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: source.url,
          ReceiptHandle: got.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    const third = await sqs().send(new ReceiveMessageCommand({ QueueUrl: source.url }));
    expect(third.Messages).toBeUndefined();
    expect((await receiveOne(sqs(), dlq.url)).Body).toBe('twice');
  });

  it('validates RedrivePolicy (check 43)', async () => {
    const dlq = await createQueue(sqs(), 'dlq3');
    const source = await createQueue(sqs(), 'src3');
    const zero = await errorOf(() =>
      sqs().send(
        new SetQueueAttributesCommand({
          QueueUrl: source.url,
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 0 }) },
        }),
      ),
    );
    expect(zero.Code).toBe('InvalidParameterValue');
    const missing = await errorOf(() =>
      sqs().send(
        new SetQueueAttributesCommand({
          QueueUrl: source.url,
          Attributes: { RedrivePolicy: JSON.stringify({ maxReceiveCount: 3 }) },
        }),
      ),
    );
    expect(missing.Code).toBe('InvalidParameterValue');
  });

  it('lists dead-letter source queues (check 44)', async () => {
    const dlq = await createQueue(sqs(), 'dlq4');
    const source = await createQueue(sqs(), 'src4');
    await sqs().send(
      new SetQueueAttributesCommand({
        QueueUrl: source.url,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: '3' }) },
      }),
    );
    const { queueUrls } = await sqs().send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }));
    expect(queueUrls).toEqual([source.url]);
  });

  it('delivers a group in order and blocks it while in flight (check 45)', async () => {
    const q = await createQueue(sqs(), 'order', {}, true);
    for (const [body, group] of [
      ['A1', 'A'],
      ['A2', 'A'],
      ['B1', 'B'],
    ]) {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: q.url,
          MessageBody: body,
          MessageGroupId: group,
          MessageDeduplicationId: body,
        }),
      );
    }
    const { Messages } = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }),
    );
    const bodies = Messages!.map((m) => m.Body);
    expect(bodies).toEqual(expect.arrayContaining(['A1', 'A2', 'B1']));
    expect(bodies.indexOf('A1')).toBeLessThan(bodies.indexOf('A2'));
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'A3',
        MessageGroupId: 'A',
        MessageDeduplicationId: 'A3',
      }),
    );
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'C1',
        MessageGroupId: 'C',
        MessageDeduplicationId: 'C1',
      }),
    );
    const next = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }));
    expect(next.Messages?.map((m) => m.Body)).toEqual(['C1']);
  });

  it('unblocks a group when its in-flight message is deleted', async () => {
    const q = await createQueue(sqs(), 'unblock', {}, true);
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'one',
        MessageGroupId: 'g',
        MessageDeduplicationId: '1',
      }),
    );
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'two',
        MessageGroupId: 'g',
        MessageDeduplicationId: '2',
      }),
    );
    const first = await receiveOne(sqs(), q.url);
    expect(first.Body).toBe('one');
    expect((await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url }))).Messages).toBeUndefined();
    await sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: first.ReceiptHandle }));
    expect((await receiveOne(sqs(), q.url)).Body).toBe('two');
  });

  it('deduplicates by MessageDeduplicationId (check 46)', async () => {
    const q = await createQueue(sqs(), 'dedup', {}, true);
    const a = await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'x',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'same',
      }),
    );
    const b = await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'y',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'same',
      }),
    );
    expect(b.MessageId).toBeDefined();
    expect(a.MessageId).toBeDefined();
    const all = await receiveAll(sqs(), q.url, 1);
    expect(all.map((m) => m.Body)).toEqual(['x']);
    const more = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url, VisibilityTimeout: 0 }));
    expect(more.Messages).toBeUndefined();
  });

  it('deduplicates by content when ContentBasedDeduplication is on (check 47)', async () => {
    const q = await createQueue(sqs(), 'cbd', { ContentBasedDeduplication: 'true' }, true);
    await sqs().send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'same body', MessageGroupId: 'g' }),
    );
    await sqs().send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'same body', MessageGroupId: 'g' }),
    );
    const { Messages } = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toHaveLength(1);
  });

  it('requires a group id and refuses per-message delays on FIFO (check 48)', async () => {
    const q = await createQueue(sqs(), 'fifoval', { ContentBasedDeduplication: 'true' }, true);
    expect(
      (await errorOf(() => sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })))).Code,
    ).toBe('MissingParameter');
    const delayed = await errorOf(() =>
      sqs().send(
        new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 2 }),
      ),
    );
    expect(delayed.Code).toBe('InvalidParameterValue');
    const noDedup = await createQueue(sqs(), 'nodedup', {}, true);
    const err = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: noDedup.url, MessageBody: 'x', MessageGroupId: 'g' })),
    );
    expect(err.Code).toBe('InvalidParameterValue');
  });

  it('assigns strictly increasing sequence numbers (check 49)', async () => {
    const q = await createQueue(sqs(), 'seq', { ContentBasedDeduplication: 'true' }, true);
    const a = await sqs().send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'a', MessageGroupId: 'g' }),
    );
    const b = await sqs().send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'b', MessageGroupId: 'h' }),
    );
    expect(a.SequenceNumber).toMatch(/^\d+$/);
    expect(BigInt(b.SequenceNumber!)).toBeGreaterThan(BigInt(a.SequenceNumber!));
    const got = await receiveOne(sqs(), q.url, { MessageSystemAttributeNames: ['All'] });
    expect(got.Attributes).toMatchObject({ MessageGroupId: 'g', SequenceNumber: a.SequenceNumber });
  });

  it('refuses to delete with a handle whose visibility expired (check 50)', async () => {
    const q = await createQueue(sqs(), 'expired', { ContentBasedDeduplication: 'true' }, true);
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'e', MessageGroupId: 'g' }));
    const first = await receiveOne(sqs(), q.url, { VisibilityTimeout: 1 });
    const second = await receiveOne(sqs(), q.url, { VisibilityTimeout: 30 });
    expect(second.MessageId).toBe(first.MessageId);
    const err = await errorOf(() =>
      sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: first.ReceiptHandle })),
    );
    expect(err.Code).toBe('InvalidParameterValue');
    expect(err.message).toContain('The receipt handle has expired');
    await sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: second.ReceiptHandle }));
  });

  it('refuses MessageDeduplicationId on a standard queue (check 51)', async () => {
    const q = await createQueue(sqs(), 'stddedup');
    const err = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x', MessageDeduplicationId: 'd' })),
    );
    expect(err.Code).toBe('InvalidParameterValue');
  });

  it('refuses a DLQ of the other queue type', async () => {
    const dlq = await createQueue(sqs(), 'stddlq');
    const err = await errorOf(() =>
      sqs().send(
        new CreateQueueCommand({
          QueueName: `${uniqueName('fsrc')}.fifo`,
          Attributes: {
            FifoQueue: 'true',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
          },
        }),
      ),
    );
    expect(err.Code).toBe('InvalidParameterValue');
  });
});
