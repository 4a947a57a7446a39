import {
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { BucketSettingsReader, ObjectSource, S3ObjectSummary } from '@lava/core';
import { S3BucketSettingsReader } from './s3-bucket-settings';
import { s3Encryption } from './run-objects';
import { parseS3Uri } from './s3-uri';

/**
 * Reads S3 objects a job names outside the payload area (db_from_s3 sources, manifests) with the
 * worker's own credentials. Implements the handlers' ObjectSource port.
 */
export class S3ObjectSource implements ObjectSource {
  readonly buckets: BucketSettingsReader;

  constructor(private readonly s3: S3Client) {
    this.buckets = new S3BucketSettingsReader(s3);
  }

  /** Size of the object, or undefined when it does not exist (other errors propagate). */
  async head(uri: string): Promise<{ size: number } | undefined> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
        return undefined;
      throw err;
    }
  }

  /** The object's body as a stream. */
  async get(uri: string): Promise<Readable> {
    const { bucket, key } = parseS3Uri(uri);
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body as Readable;
  }

  /** Writes an object (multipart for large bodies); SSE-KMS when a key is given, else SSE-S3. */
  async put(uri: string, body: Readable | Buffer, options: { kmsKeyId?: string } = {}): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    await new Upload({
      client: this.s3,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ...s3Encryption(options.kmsKeyId),
      },
    }).done();
  }

  /** Every object under `prefix`, page by page (foreach `s3list`). */
  async *list(bucket: string, prefix: string): AsyncIterable<S3ObjectSummary> {
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) {
        yield {
          Bucket: bucket,
          Key: o.Key ?? '',
          LastModified: o.LastModified?.toISOString(),
          ETag: o.ETag,
          Size: o.Size,
          StorageClass: o.StorageClass,
        };
      }
    }
  }
}
