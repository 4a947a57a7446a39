import { JobFailedError, type BucketSettingsReader } from '@lava/core';

const PUBLIC_GROUP = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** The settings the check reads, in the order it reads them. */
export type BucketSecuritySetting =
  'public access' | 'default encryption' | 'server access logging' | 'owner';

/**
 * A bucket redshift_unload would write to fails a security check. `data.setting` names the
 * setting; the message says which bucket, what is wrong and how to fix it.
 */
export class BucketInsecureError extends JobFailedError {
  override readonly name = 'BucketInsecureError';
  constructor(bucket: string, setting: BucketSecuritySetting, problem: string, fix: string) {
    const message = `Bucket ${bucket} is insecure: ${problem}; ${fix}, or set insecure: true to skip the bucket checks`;
    super('BUCKET_INSECURE', message, { exit_status: 1, bucket, setting, error: message });
  }
}

/** S3 would not tell whether a bucket is secure (no such bucket, access denied): the check cannot pass. */
export class BucketCheckFailedError extends JobFailedError {
  override readonly name = 'BucketCheckFailedError';
  constructor(bucket: string, setting: BucketSecuritySetting, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const message = `Bucket ${bucket}: cannot verify ${setting} (${detail}); the worker needs s3:ListAllMyBuckets, s3:GetBucketAcl, s3:GetEncryptionConfiguration and s3:GetBucketLogging on it`;
    super('BUCKET_CHECK_FAILED', message, { exit_status: 1, bucket, setting, error: message }, { cause });
  }
}

/**
 * The checks the original made before a cluster unloads into `bucket`, in its order: no ACL grant
 * to everyone, default encryption on, server access logging on, and the bucket owned by the
 * worker's own account. The first failing check throws.
 *
 * @example
 * await checkBucketSecurity(ctx.objects.buckets, 'exports');
 */
export async function checkBucketSecurity(reader: BucketSettingsReader, bucket: string): Promise<void> {
  const read = async <T>(setting: BucketSecuritySetting, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new BucketCheckFailedError(bucket, setting, err);
    }
  };
  const acl = await read('public access', () => reader.acl(bucket));
  const open = acl.grants.filter((g) => g.type === 'Group' && g.uri === PUBLIC_GROUP);
  if (open.length > 0)
    throw new BucketInsecureError(
      bucket,
      'public access',
      `its ACL grants ${open.map((g) => g.permission).join(', ')} to everyone (AllUsers)`,
      'remove the public grant (put-bucket-acl --acl private)',
    );
  if ((await read('default encryption', () => reader.defaultEncryption(bucket))) === undefined)
    throw new BucketInsecureError(
      bucket,
      'default encryption',
      'it has no default encryption',
      'turn default encryption on (put-bucket-encryption, SSE-S3 or SSE-KMS)',
    );
  if ((await read('server access logging', () => reader.loggingTarget(bucket))) === undefined)
    throw new BucketInsecureError(
      bucket,
      'server access logging',
      'server access logging is off',
      'turn it on (put-bucket-logging)',
    );
  const me = await read('owner', () => reader.callerCanonicalId());
  if (acl.ownerId !== me)
    throw new BucketInsecureError(
      bucket,
      'owner',
      `it is owned by another account (canonical id ${acl.ownerId}, this account is ${me})`,
      'unload to a bucket of this account',
    );
}
