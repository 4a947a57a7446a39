import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, createQueue, errorOf, receiveOne, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('SNS', () => {
  const aws = useAwsEndpoint();
  const sns = () => new SNSClient(awsClientConfig(aws.url()));
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));

  async function topicWithQueue(raw: boolean) {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('topic') }));
    const queue = await createQueue(sqs(), 'sub');
    const { SubscriptionArn } = await sns().send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: raw ? { RawMessageDelivery: 'true' } : undefined,
        ReturnSubscriptionArn: true,
      }),
    );
    return { topicArn: TopicArn!, queue, subscriptionArn: SubscriptionArn! };
  }

  it('creates topics idempotently (check 96)', async () => {
    const name = uniqueName('topic');
    const a = await sns().send(new CreateTopicCommand({ Name: name }));
    const b = await sns().send(new CreateTopicCommand({ Name: name }));
    expect(a.TopicArn).toBe(`arn:aws:sns:us-east-1:000000000000:${name}`);
    expect(b.TopicArn).toBe(a.TopicArn);
    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn: a.TopicArn }));
    expect(Attributes).toMatchObject({ TopicArn: a.TopicArn, Owner: '000000000000' });
  });

  it('maps a missing topic to NotFoundException (check 97)', async () => {
    const err = await errorOf(() =>
      sns().send(
        new PublishCommand({
          TopicArn: `arn:aws:sns:us-east-1:000000000000:${uniqueName('none')}`,
          Message: 'x',
        }),
      ),
    );
    expect(err).toBeInstanceOf(NotFoundException);
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('delivers the JSON envelope to SQS (check 98)', async () => {
    const { topicArn, queue } = await topicWithQueue(false);
    const published = await sns().send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'hello',
        Subject: 'greeting',
        MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } },
      }),
    );
    const body = JSON.parse((await receiveOne(sqs(), queue.url)).Body!) as Record<string, any>;
    expect(body).toMatchObject({
      Type: 'Notification',
      MessageId: published.MessageId,
      TopicArn: topicArn,
      Subject: 'greeting',
      Message: 'hello',
      MessageAttributes: { color: { Type: 'String', Value: 'red' } },
    });
    expect(body.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('delivers the raw message with SQS attributes (check 99)', async () => {
    const { topicArn, queue } = await topicWithQueue(true);
    await sns().send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: '{"raw":true}',
        MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } },
      }),
    );
    const got = await receiveOne(sqs(), queue.url, { MessageAttributeNames: ['All'] });
    expect(got.Body).toBe('{"raw":true}');
    expect(got.MessageAttributes).toEqual({ n: { DataType: 'Number', StringValue: '7' } });
  });

  it('refuses an empty message (check 100)', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('topic') }));
    await expect(sns().send(new PublishCommand({ TopicArn, Message: '' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('sends the sqs entry of a JSON message structure (check 101)', async () => {
    const { topicArn, queue } = await topicWithQueue(true);
    await sns().send(
      new PublishCommand({
        TopicArn: topicArn,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: 'd', sqs: 's' }),
      }),
    );
    expect((await receiveOne(sqs(), queue.url)).Body).toBe('s');
    const err = await errorOf(() =>
      sns().send(
        new PublishCommand({
          TopicArn: topicArn,
          MessageStructure: 'json',
          Message: JSON.stringify({ sqs: 's' }),
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
  });

  it('lists, describes and removes subscriptions', async () => {
    const { topicArn, queue, subscriptionArn } = await topicWithQueue(true);
    expect(subscriptionArn.startsWith(`${topicArn}:`)).toBe(true);
    const { Subscriptions } = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(Subscriptions).toEqual([
      expect.objectContaining({
        SubscriptionArn: subscriptionArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        TopicArn: topicArn,
      }),
    ]);
    const { Attributes } = await sns().send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
    );
    expect(Attributes).toMatchObject({ RawMessageDelivery: 'true', PendingConfirmation: 'false' });
    await sns().send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    expect(
      (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [],
    ).toHaveLength(0);
  });

  it('refuses a non-SQS endpoint ARN', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('topic') }));
    await expect(
      sns().send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'not-an-arn' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('lists and deletes topics', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('topic') }));
    expect((await sns().send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).toContain(TopicArn);
    await sns().send(new DeleteTopicCommand({ TopicArn }));
    expect((await sns().send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn) ?? []).not.toContain(
      TopicArn,
    );
  });

  it('filters deliveries by message attributes', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('topic') }));
    const queue = await createQueue(sqs(), 'filtered');
    await sns().send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ color: ['blue'] }) },
      }),
    );
    await sns().send(
      new PublishCommand({
        TopicArn,
        Message: 'red one',
        MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } },
      }),
    );
    await sns().send(
      new PublishCommand({
        TopicArn,
        Message: 'blue one',
        MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } },
      }),
    );
    expect((await receiveOne(sqs(), queue.url)).Body).toBe('blue one');
  });

  it('forwards group and dedup ids from a FIFO topic to a FIFO queue', async () => {
    const { TopicArn } = await sns().send(
      new CreateTopicCommand({ Name: `${uniqueName('ft')}.fifo`, Attributes: { FifoTopic: 'true' } }),
    );
    const queue = await createQueue(sqs(), 'fifosub', {}, true);
    await sns().send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await sns().send(
      new PublishCommand({
        TopicArn,
        Message: 'ordered',
        MessageGroupId: 'g1',
        MessageDeduplicationId: 'd1',
      }),
    );
    const got = await receiveOne(sqs(), queue.url, { MessageSystemAttributeNames: ['All'] });
    expect(got.Body).toBe('ordered');
    expect(got.Attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: 'd1' });
  });
});
