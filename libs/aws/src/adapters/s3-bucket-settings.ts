import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BucketGrant, BucketSettingsReader } from '@lava/core';

/**
 * Bucket security settings through the SDK, with the worker's credentials. A bucket without
 * default encryption is an answer (undefined), not an error; every other SDK error propagates
 * untouched for the caller to report.
 */
export class S3BucketSettingsReader implements BucketSettingsReader {
  constructor(private readonly s3: S3Client) {}

  async callerCanonicalId(): Promise<string> {
    const out = await this.s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    return out.Owner?.ID ?? '';
  }

  async acl(bucket: string): Promise<{ ownerId: string; grants: BucketGrant[] }> {
    const out = await this.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    return {
      ownerId: out.Owner?.ID ?? '',
      grants: (out.Grants ?? []).map((g) => ({
        type: g.Grantee?.Type ?? '',
        ...(g.Grantee?.URI === undefined ? {} : { uri: g.Grantee.URI }),
        ...(g.Grantee?.ID === undefined ? {} : { id: g.Grantee.ID }),
        permission: g.Permission ?? '',
      })),
    };
  }

  async defaultEncryption(bucket: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
      return rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    } catch (err) {
      if ((err as { name?: string }).name === 'ServerSideEncryptionConfigurationNotFoundError')
        return undefined;
      throw err;
    }
  }

  async loggingTarget(bucket: string): Promise<string | undefined> {
    const out = await this.s3.send(new GetBucketLoggingCommand({ Bucket: bucket }));
    const l = out.LoggingEnabled;
    return l?.TargetBucket === undefined ? undefined : `s3://${l.TargetBucket}/${l.TargetPrefix ?? ''}`;
  }
}
