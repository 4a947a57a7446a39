import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { awsErrorCode, isNotFound, LavaAwsError, translateAwsError } from '../errors';
import type { ProvisionStep } from './provision-report';

/** Bucket names are global: the default `lava-<realm>` may well belong to someone else. */
function notOurs(bucket: string, cause: unknown): LavaAwsError {
  return new LavaAwsError(
    'BUCKET_NOT_OWNED',
    `Bucket ${bucket} exists but is not ours (or not accessible); choose another with --bucket`,
    false,
    { cause },
  );
}

function isForbidden(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 403 || awsErrorCode(err) === 'Forbidden' || awsErrorCode(err) === 'AccessDenied';
}

/** True when the bucket exists (and we can see it). */
export async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    if (isForbidden(err)) throw notOurs(bucket, err);
    throw translateAwsError(err, `bucket ${bucket}`);
  }
}

async function createBucket(s3: S3Client, bucket: string, region: string): Promise<boolean> {
  // us-east-1 is the one region that rejects an explicit LocationConstraint.
  const config =
    region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: config }));
    return true;
  } catch (err) {
    if (awsErrorCode(err) === 'BucketAlreadyOwnedByYou') return false;
    if (awsErrorCode(err) === 'BucketAlreadyExists') throw notOurs(bucket, err);
    throw translateAwsError(err, `bucket ${bucket}`);
  }
}

async function ensureMarker(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  const key = `${prefix.replace(/\/+$/, '')}/`;
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    if (!isNotFound(err)) throw translateAwsError(err, `s3://${bucket}/${key}`);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0 }),
    );
  }
}

/** Turn on EventBridge delivery, keeping any notification targets already configured. */
async function enableEventBridge(s3: S3Client, bucket: string): Promise<void> {
  const { $metadata: _meta, ...current } = await s3.send(
    new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
  );
  if (current.EventBridgeConfiguration) return;
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { ...current, EventBridgeConfiguration: {} },
    }),
  );
}

/**
 * Create the realm bucket unless it exists, add folder markers for the payload and temp
 * prefixes (before notifications are on, so they raise no events), and enable EventBridge
 * notifications so `Object Created`/`Object Deleted` reach the default bus.
 */
export async function ensureBucket(
  s3: S3Client,
  bucket: string,
  region: string,
  prefixes: string[],
): Promise<ProvisionStep> {
  const created = !(await bucketExists(s3, bucket)) && (await createBucket(s3, bucket, region));
  for (const prefix of prefixes) await ensureMarker(s3, bucket, prefix);
  await enableEventBridge(s3, bucket);
  return { kind: 'bucket', name: bucket, action: created ? 'created' : 'exists' };
}
