import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, createQueue, errorOf, receiveOne, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('S3 via s3rver and DynamoDB via dynalite (checks 102-109)', () => {
  const aws = useAwsEndpoint();
  const s3 = () => new S3Client({ ...awsClientConfig(aws.url()), forcePathStyle: true });
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));
  const bucketName = () => uniqueName('bkt').toLowerCase();

  async function bucket(): Promise<string> {
    const name = bucketName();
    await s3().send(new CreateBucketCommand({ Bucket: name }));
    return name;
  }

  it('round-trips bytes with an MD5 ETag (check 102)', async () => {
    const Bucket = await bucket();
    const bytes = Buffer.from([0, 1, 2, 3, 254, 255]);
    await s3().send(new PutObjectCommand({ Bucket, Key: 'bin/data', Body: bytes }));
    const got = await s3().send(new GetObjectCommand({ Bucket, Key: 'bin/data' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(bytes);
    expect(got.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
  });

  it('stores stream uploads byte-exact despite aws-chunked encoding (check 103)', async () => {
    const Bucket = await bucket();
    const parts = [Buffer.from('first chunk, '), Buffer.alloc(70_000, 7), Buffer.from('last')];
    const expected = Buffer.concat(parts);
    await s3().send(
      new PutObjectCommand({
        Bucket,
        Key: 'stream',
        Body: Readable.from(parts),
        ContentLength: expected.length,
      }),
    );
    const got = await s3().send(new GetObjectCommand({ Bucket, Key: 'stream' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(expected);
    const head = await s3().send(new HeadObjectCommand({ Bucket, Key: 'stream' }));
    expect(head.ContentLength).toBe(expected.length);
    expect(head.ContentEncoding ?? '').not.toContain('aws-chunked');
  });

  it('lists with prefix and delimiter (check 104)', async () => {
    const Bucket = await bucket();
    for (const Key of ['a/1.txt', 'a/2.txt', 'b/3.txt', 'top.txt'])
      await s3().send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    const res = await s3().send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    expect(res.CommonPrefixes?.map((p) => p.Prefix).sort()).toEqual(['a/', 'b/']);
    expect(res.Contents?.map((c) => c.Key)).toEqual(['top.txt']);
    const prefixed = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: 'a/' }));
    expect(prefixed.Contents?.map((c) => c.Key)).toEqual(['a/1.txt', 'a/2.txt']);
  });

  it('sends S3 events to a queue configured on the bucket (check 106)', async () => {
    const Bucket = await bucket();
    const queue = await createQueue(sqs(), 's3events');
    await s3().send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          QueueConfigurations: [{ Id: 'cfg', QueueArn: queue.arn, Events: ['s3:ObjectCreated:*'] }],
        },
      }),
    );
    const test = JSON.parse((await receiveOne(sqs(), queue.url)).Body!) as Record<string, unknown>;
    expect(test).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket });
    await s3().send(new PutObjectCommand({ Bucket, Key: 'dir/new file.txt', Body: 'hello' }));
    const record = (JSON.parse((await receiveOne(sqs(), queue.url)).Body!) as { Records: any[] }).Records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      awsRegion: 'us-east-1',
    });
    expect(record.s3).toMatchObject({
      configurationId: 'cfg',
      bucket: { name: Bucket, arn: `arn:aws:s3:::${Bucket}` },
      object: { key: 'dir/new+file.txt', size: 5 },
    });
    const stored = await s3().send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    expect(stored.QueueConfigurations?.[0]?.QueueArn).toBe(queue.arn);
  });

  it('answers virtual-host style requests for the right bucket (check 109)', async () => {
    const Bucket = await bucket();
    await s3().send(new PutObjectCommand({ Bucket, Key: 'vhost.txt', Body: 'by host' }));
    const url = new URL(aws.url());
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/vhost.txt',
          headers: { host: `${Bucket}.localhost:${url.port}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('by host');
  });

  it('copies and deletes objects', async () => {
    const Bucket = await bucket();
    await s3().send(
      new PutObjectCommand({ Bucket, Key: 'src', Body: 'copy me', Metadata: { owner: 'lava' } }),
    );
    await s3().send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src` }));
    const copy = await s3().send(new GetObjectCommand({ Bucket, Key: 'dst' }));
    expect(await copy.Body!.transformToString()).toBe('copy me');
    expect(copy.Metadata).toEqual({ owner: 'lava' });
    await s3().send(new DeleteObjectCommand({ Bucket, Key: 'dst' }));
    expect((await errorOf(() => s3().send(new GetObjectCommand({ Bucket, Key: 'dst' })))).name).toBe(
      'NoSuchKey',
    );
  });

  it('serves DynamoDB through dynalite (check 107)', async () => {
    const ddb = new DynamoDBClient(awsClientConfig(aws.url()));
    const TableName = uniqueName('tbl');
    await ddb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (const sk of ['1', '2', '3'])
      await ddb.send(
        new PutItemCommand({ TableName, Item: { pk: { S: 'job' }, sk: { N: sk }, v: { S: `v${sk}` } } }),
      );
    const item = await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: 'job' }, sk: { N: '2' } } }));
    expect(item.Item?.v).toEqual({ S: 'v2' });
    const q = await ddb.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :p AND sk > :s',
        ExpressionAttributeValues: { ':p': { S: 'job' }, ':s': { N: '1' } },
      }),
    );
    expect(q.Items?.map((i) => i.sk?.N)).toEqual(['2', '3']);
    const conditional = await errorOf(() =>
      ddb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'job' }, sk: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    expect(conditional.name).toBe('ConditionalCheckFailedException');
  });

  it('reports DynamoDB gaps as UnknownOperationException (check 108)', async () => {
    if (aws.external) return; // LocalStack implements transactions.
    const ddb = new DynamoDBClient(awsClientConfig(aws.url()));
    const err = await errorOf(() =>
      ddb.send(
        new TransactGetItemsCommand({
          TransactItems: [{ Get: { TableName: 'x', Key: { pk: { S: 'a' } } } }],
        }),
      ),
    );
    expect(err.name).toBe('UnknownOperationException');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});
