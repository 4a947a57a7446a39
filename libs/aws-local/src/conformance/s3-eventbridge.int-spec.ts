import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, createQueue, receiveOne, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('S3 events on the default EventBridge bus', () => {
  const aws = useAwsEndpoint();
  const s3 = () => new S3Client({ ...awsClientConfig(aws.url()), forcePathStyle: true });
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));
  const events = () => new EventBridgeClient(awsClientConfig(aws.url()));

  async function wire(detailType: string) {
    const Bucket = uniqueName('evb').toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket }));
    await s3().send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
    const queue = await createQueue(sqs(), 's3evb');
    const rule = uniqueName('s3rule');
    await events().send(
      new PutRuleCommand({
        Name: rule,
        EventPattern: JSON.stringify({
          source: ['aws.s3'],
          'detail-type': [detailType],
          detail: { bucket: { name: [Bucket] } },
        }),
      }),
    );
    await events().send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'q', Arn: queue.arn }] }));
    return { Bucket, queue };
  }

  it('emits Object Created with the real detail shape', async () => {
    const { Bucket, queue } = await wire('Object Created');
    await s3().send(new PutObjectCommand({ Bucket, Key: 'reports/today.csv', Body: 'a,b,c' }));
    const envelope = JSON.parse((await receiveOne(sqs(), queue.url)).Body!) as Record<string, any>;
    expect(envelope).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      region: 'us-east-1',
      account: '000000000000',
      resources: [`arn:aws:s3:::${Bucket}`],
    });
    expect(envelope.detail).toMatchObject({
      version: '0',
      bucket: { name: Bucket },
      object: { key: 'reports/today.csv', size: 5, etag: createHash('md5').update('a,b,c').digest('hex') },
      reason: 'PutObject',
    });
    expect(envelope.detail.object.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it('emits Object Deleted without size or etag', async () => {
    const { Bucket, queue } = await wire('Object Deleted');
    await s3().send(new PutObjectCommand({ Bucket, Key: 'gone.txt', Body: 'x' }));
    await s3().send(new DeleteObjectCommand({ Bucket, Key: 'gone.txt' }));
    const envelope = JSON.parse((await receiveOne(sqs(), queue.url)).Body!) as Record<string, any>;
    expect(envelope['detail-type']).toBe('Object Deleted');
    expect(envelope.detail).toMatchObject({
      object: { key: 'gone.txt' },
      reason: 'DeleteObject',
      'deletion-type': 'Permanently Deleted',
    });
    expect(envelope.detail.object.size).toBeUndefined();
  });
});
