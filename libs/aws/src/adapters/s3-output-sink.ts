import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { OutputSink } from '@lava/core';
import { runPrefix, s3Encryption, type RunObjects } from './run-objects';
import { parseS3Uri } from './s3-uri';

/**
 * Run outputs under `<s3_temp>/<job_id>/<run_id>`: SSE-KMS with the realm's
 * `s3_key` when set, else AES256. Streams upload in parts, so large stdout never sits in memory.
 */
export class S3OutputSink implements OutputSink {
  readonly prefix: string;

  private readonly kmsKey?: string;

  constructor(
    private readonly s3: S3Client,
    run: RunObjects,
  ) {
    this.prefix = runPrefix(run.s3Temp, run.jobId, run.runId);
    this.kmsKey = run.kmsKey;
  }

  async put(name: string, body: Buffer | string | Readable): Promise<string> {
    const uri = `${this.prefix}/${name}`;
    const { bucket, key } = parseS3Uri(uri);
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ...s3Encryption(this.kmsKey),
      },
    });
    await upload.done();
    return uri;
  }
}
