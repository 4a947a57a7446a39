import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, createQueue, errorOf, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('SQS queues', () => {
  const aws = useAwsEndpoint();
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));

  it('is idempotent for identical attributes (check 8)', async () => {
    const name = uniqueName('idem');
    const first = await sqs().send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '10' } }),
    );
    const second = await sqs().send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '10' } }),
    );
    expect(second.QueueUrl).toBe(first.QueueUrl);
  });

  it('refuses the same name with a different attribute (check 9)', async () => {
    const name = uniqueName('differ');
    await sqs().send(new CreateQueueCommand({ QueueName: name }));
    const err = await errorOf(() =>
      sqs().send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '99' } })),
    );
    expect(err).toBeInstanceOf(QueueNameExists);
    expect(err.Code).toBe('QueueAlreadyExists');
    expect(err.message).toContain('VisibilityTimeout');
  });

  it('requires FifoQueue and the .fifo suffix together (check 10)', async () => {
    const noAttr = await errorOf(() =>
      sqs().send(new CreateQueueCommand({ QueueName: `${uniqueName('f')}.fifo` })),
    );
    expect(noAttr.Code).toBe('InvalidParameterValue');
    const noSuffix = await errorOf(() =>
      sqs().send(new CreateQueueCommand({ QueueName: uniqueName('f'), Attributes: { FifoQueue: 'true' } })),
    );
    expect(noSuffix.Code).toBe('InvalidParameterValue');
  });

  it('rejects FIFO-only attributes on a standard queue (check 11)', async () => {
    const err = await errorOf(() =>
      sqs().send(
        new CreateQueueCommand({
          QueueName: uniqueName('std'),
          Attributes: { ContentBasedDeduplication: 'true' },
        }),
      ),
    );
    expect(err.name).toBe('InvalidAttributeName');
    expect(err.message).toBe('Unknown Attribute ContentBasedDeduplication.');
  });

  it('rejects bad names and out-of-range attribute values', async () => {
    expect((await errorOf(() => sqs().send(new CreateQueueCommand({ QueueName: 'bad name!' })))).Code).toBe(
      'InvalidParameterValue',
    );
    const err = await errorOf(() =>
      sqs().send(
        new CreateQueueCommand({ QueueName: uniqueName('r'), Attributes: { VisibilityTimeout: '50000' } }),
      ),
    );
    expect(err.name).toBe('InvalidAttributeValue');
  });

  it('reports the default attributes of a new standard queue (check 12)', async () => {
    const q = await createQueue(sqs(), 'defaults');
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
    );
    expect(Object.keys(Attributes!).sort()).toEqual(
      [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
        'CreatedTimestamp',
        'DelaySeconds',
        'LastModifiedTimestamp',
        'MaximumMessageSize',
        'MessageRetentionPeriod',
        'QueueArn',
        'ReceiveMessageWaitTimeSeconds',
        'SqsManagedSseEnabled',
        'VisibilityTimeout',
      ].sort(),
    );
    expect(Attributes).toMatchObject({
      MaximumMessageSize: '1048576',
      VisibilityTimeout: '30',
      SqsManagedSseEnabled: 'true',
      MessageRetentionPeriod: '345600',
    });
    expect(Number(Attributes!.CreatedTimestamp)).toBeLessThan(Date.now() / 1000 + 5);
  });

  it('reports FIFO attributes on a FIFO queue', async () => {
    const q = await createQueue(sqs(), 'fifoattrs', {}, true);
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
  });

  it('returns no Attributes when none are asked for, and rejects unknown names', async () => {
    const q = await createQueue(sqs(), 'noattrs');
    const none = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: q.url }));
    expect(none.Attributes).toBeUndefined();
    const err = await errorOf(() =>
      sqs().send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['Nope' as never] })),
    );
    expect(err.name).toBe('InvalidAttributeName');
  });

  it('refuses to set a read-only attribute (check 13) and sets others', async () => {
    const q = await createQueue(sqs(), 'setattr');
    const err = await errorOf(() =>
      sqs().send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { QueueArn: 'x' } })),
    );
    expect(err.name).toBe('InvalidAttributeName');
    await sqs().send(
      new SetQueueAttributesCommand({
        QueueUrl: q.url,
        Attributes: { VisibilityTimeout: '45', DelaySeconds: '1' },
      }),
    );
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: q.url,
        AttributeNames: ['VisibilityTimeout', 'DelaySeconds'],
      }),
    );
    expect(Attributes).toEqual({ VisibilityTimeout: '45', DelaySeconds: '1' });
  });

  it('refuses to change the queue type', async () => {
    const q = await createQueue(sqs(), 'type', {}, true);
    const err = await errorOf(() =>
      sqs().send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { FifoQueue: 'false' } })),
    );
    expect(err.name).toBe('InvalidAttributeValue');
  });

  it('lists by prefix and leaves QueueUrls out when nothing matches (check 14)', async () => {
    const prefix = uniqueName('list');
    await sqs().send(new CreateQueueCommand({ QueueName: `${prefix}-a` }));
    await sqs().send(new CreateQueueCommand({ QueueName: uniqueName('other') }));
    const { QueueUrls } = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect(QueueUrls).toHaveLength(1);
    expect(QueueUrls![0]).toContain(`${prefix}-a`);
    const empty = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: uniqueName('none') }));
    expect(empty.QueueUrls).toBeUndefined();
  });

  it('pages with MaxResults and NextToken (check 15)', async () => {
    const prefix = uniqueName('page');
    for (const s of ['a', 'b', 'c'])
      await sqs().send(new CreateQueueCommand({ QueueName: `${prefix}-${s}` }));
    const first = await sqs().send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const second = await sqs().send(
      new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });

  it('forgets a deleted queue (check 52)', async () => {
    const q = await createQueue(sqs(), 'gone');
    await sqs().send(new DeleteQueueCommand({ QueueUrl: q.url }));
    await expect(sqs().send(new GetQueueUrlCommand({ QueueName: q.name }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
    await expect(sqs().send(new DeleteQueueCommand({ QueueUrl: q.url }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
  });

  it('tags and untags queues', async () => {
    const q = await createQueue(sqs(), 'tags');
    await sqs().send(new TagQueueCommand({ QueueUrl: q.url, Tags: { team: 'lava', env: 'test' } }));
    await sqs().send(new UntagQueueCommand({ QueueUrl: q.url, TagKeys: ['env'] }));
    const { Tags } = await sqs().send(new ListQueueTagsCommand({ QueueUrl: q.url }));
    expect(Tags).toEqual({ team: 'lava' });
  });
});
