import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AddTagsToResourceCommand,
  DescribeParametersCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  CreateSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  TagResourceCommand,
  DescribeSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, PublishBatchCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, createQueue, receiveAll, receiveOne, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);

describe('further operations across services', () => {
  const aws = useAwsEndpoint();
  const cfg = () => awsClientConfig(aws.url());

  it('STS AssumeRole returns temporary credentials for the role', async () => {
    const res = await new STSClient(cfg()).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/lava-worker',
        RoleSessionName: 'test-session',
      }),
    );
    expect(res.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(res.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(res.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/lava-worker/test-session');
  });

  it('routes an unsigned form post by its Action', async () => {
    const res = await fetch(aws.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Account>000000000000</Account>');
  });

  it('SQS GetQueueUrl honours QueueOwnerAWSAccountId', async () => {
    const sqs = new SQSClient(cfg());
    const q = await createQueue(sqs, 'owner');
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: q.name, QueueOwnerAWSAccountId: '000000000000' }),
    );
    expect(QueueUrl).toBe(q.url);
  });

  it('SQS ChangeMessageVisibilityBatch reports per entry', async () => {
    const sqs = new SQSClient(cfg());
    const q = await createQueue(sqs, 'cmvb');
    await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [{ Id: 'a', MessageBody: 'a' }] }),
    );
    const got = await receiveOne(sqs, q.url, { VisibilityTimeout: 60 });
    const res = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'ok', ReceiptHandle: got.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'junk', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(res.Successful).toEqual([{ Id: 'ok' }]);
    expect(res.Failed?.[0]).toMatchObject({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }))).Messages?.[0]?.Body).toBe('a');
  });

  it('SQS answers a parked long poll with nothing when its queue is deleted', async () => {
    const sqs = new SQSClient(cfg());
    const q = await createQueue(sqs, 'dying');
    const started = Date.now();
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 10 }));
    // Give the receive time to park before the queue goes away.
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));
    const res = await waiting.catch((error: Error) => ({ error }));
    expect('Messages' in res ? res.Messages : undefined).toBeUndefined();
    if (!aws.external) expect(Date.now() - started).toBeLessThan(5000);
  });

  it('SSM describes and tags parameters', async () => {
    const ssm = new SSMClient(cfg());
    const base = `/${uniqueName('desc')}`;
    await ssm.send(
      new PutParameterCommand({ Name: `${base}/a`, Value: 'x', Type: 'SecureString', Description: 'the a' }),
    );
    await ssm.send(new PutParameterCommand({ Name: `${base}/b`, Value: 'y', Type: 'String' }));
    const res = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [base] }],
      }),
    );
    expect(res.Parameters?.map((p) => [p.Name, p.Type])).toEqual([
      [`${base}/a`, 'SecureString'],
      [`${base}/b`, 'String'],
    ]);
    expect(res.Parameters?.[0]?.Description).toBe('the a');
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: `${base}/b`,
        Tags: [{ Key: 'team', Value: 'lava' }],
      }),
    );
    const tags = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `${base}/b` }),
    );
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'lava' }]);
  });

  it('Secrets Manager filters, pages and tags', async () => {
    const sm = new SecretsManagerClient(cfg());
    const prefix = uniqueName('list');
    for (const s of ['a', 'b', 'c'])
      await sm.send(new CreateSecretCommand({ Name: `${prefix}/${s}`, SecretString: s }));
    const page = await sm.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2 }),
    );
    expect(page.SecretList).toHaveLength(2);
    expect(page.NextToken).toBeDefined();
    const rest = await sm.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        MaxResults: 2,
        NextToken: page.NextToken,
      }),
    );
    expect(rest.SecretList).toHaveLength(1);
    await sm.send(new TagResourceCommand({ SecretId: `${prefix}/a`, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: `${prefix}/a` }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
  });

  it('SNS PublishBatch delivers every entry', async () => {
    const sns = new SNSClient(cfg());
    const sqs = new SQSClient(cfg());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('batch') }));
    const q = await createQueue(sqs, 'batchsub');
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const res = await sns.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: '1', Message: 'one' },
          { Id: '2', Message: 'two' },
        ],
      }),
    );
    expect(res.Successful?.map((s) => s.Id)).toEqual(['1', '2']);
    const got = await receiveAll(sqs, q.url, 2);
    expect(got.map((m) => m.Body).sort()).toEqual(['one', 'two']);
  });

  it('S3 multipart uploads assemble the parts', async () => {
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const Bucket = uniqueName('mpu').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'big' }));
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('tail');
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'big', UploadId, PartNumber: 1, Body: part1 }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'big', UploadId, PartNumber: 2, Body: part2 }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'big',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.length).toBe(part1.length + part2.length);
    expect(bytes.subarray(-4).toString()).toBe('tail');
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}(-2)?"$/);
  });
});
