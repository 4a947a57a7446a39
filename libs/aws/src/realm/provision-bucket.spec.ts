import type { S3Client } from '@aws-sdk/client-s3';
import { ensureBucket } from './provision-bucket';

type Handler = (input: Record<string, unknown>) => unknown;

function sdkError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

/** A fake S3 answering by command name; records every call. */
function fakeS3(handlers: Record<string, Handler>) {
  const calls: [string, Record<string, unknown>][] = [];
  const send = jest.fn(async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = cmd.constructor.name.replace(/Command$/, '');
    calls.push([name, cmd.input]);
    const handler = handlers[name];
    return handler ? handler(cmd.input) : {};
  });
  return { s3: { send } as unknown as S3Client, calls };
}

describe('ensureBucket', () => {
  it('creates the bucket, the prefix markers, then enables EventBridge keeping other notifications', async () => {
    const queue = { QueueArn: 'arn:q', Events: ['s3:ObjectCreated:*'] };
    const { s3, calls } = fakeS3({
      HeadBucket: () => Promise.reject(sdkError('NotFound', 404)),
      HeadObject: () => Promise.reject(sdkError('NotFound', 404)),
      GetBucketNotificationConfiguration: () => ({ QueueConfigurations: [queue], $metadata: {} }),
    });
    expect(await ensureBucket(s3, 'lava-acme', 'eu-west-1', ['payloads', 'tmp/'])).toEqual({
      kind: 'bucket',
      name: 'lava-acme',
      action: 'created',
    });
    expect(calls.map(([n]) => n)).toEqual([
      'HeadBucket',
      'CreateBucket',
      'HeadObject',
      'PutObject',
      'HeadObject',
      'PutObject',
      'GetBucketNotificationConfiguration',
      'PutBucketNotificationConfiguration',
    ]);
    expect(calls[1]?.[1]).toMatchObject({ CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect(calls.filter(([n]) => n === 'PutObject').map(([, i]) => i.Key)).toEqual(['payloads/', 'tmp/']);
    expect(calls.at(-1)?.[1]).toEqual({
      Bucket: 'lava-acme',
      NotificationConfiguration: { QueueConfigurations: [queue], EventBridgeConfiguration: {} },
    });
  });

  it('leaves an existing, configured bucket alone', async () => {
    const { s3, calls } = fakeS3({
      GetBucketNotificationConfiguration: () => ({ EventBridgeConfiguration: {} }),
    });
    expect(await ensureBucket(s3, 'b', 'us-east-1', ['p'])).toMatchObject({ action: 'exists' });
    expect(calls.map(([n]) => n)).toEqual(['HeadBucket', 'HeadObject', 'GetBucketNotificationConfiguration']);
  });

  it.each([
    ['HeadBucket', sdkError('Forbidden', 403)],
    ['CreateBucket', sdkError('BucketAlreadyExists', 409)],
  ])('explains a bucket name taken by someone else (%s)', async (op, error) => {
    const handlers: Record<string, Handler> = { HeadBucket: () => Promise.reject(sdkError('NotFound', 404)) };
    handlers[op] = () => Promise.reject(error);
    await expect(ensureBucket(fakeS3(handlers).s3, 'lava-acme', 'us-east-1', [])).rejects.toMatchObject({
      code: 'BUCKET_NOT_OWNED',
      message: 'Bucket lava-acme exists but is not ours (or not accessible); choose another with --bucket',
    });
  });
});
