import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type LiveLogPart, type LiveLogSink, type LogStream } from '@lava/core';
import { translateAwsError } from '../errors';
import { runPrefix, s3Encryption, type RunObjects } from './run-objects';
import { parseS3Uri } from './s3-uri';

/**
 * Live logs of a run are small objects beside its outputs, under
 * `<s3_temp>/<job_id>/<run_id>.live/<part>.<stream>`: a sibling of the outputs prefix, so output
 * listings never show them, and under `tmp/`, so they expire with the outputs. Part names sort in
 * the order they were written (`<13-digit ms>-<6-digit count>`), which makes the last name read a
 * cursor.
 */
export function liveLogPrefix(s3Temp: string, jobId: string, runId: string): string {
  return `${runPrefix(s3Temp, jobId, runId)}.live/`;
}

/** Writes a run's live log parts (the worker: one sink per run and iteration). */
export class S3LiveLogSink implements LiveLogSink {
  private count = 0;
  private readonly prefix: string;

  private readonly kmsKey?: string;

  constructor(
    private readonly s3: S3Client,
    run: RunObjects,
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = liveLogPrefix(run.s3Temp, run.jobId, run.runId);
    this.kmsKey = run.kmsKey;
  }

  async append(stream: LogStream, text: string): Promise<void> {
    const name = `${String(this.now()).padStart(13, '0')}-${String(this.count++).padStart(6, '0')}.${stream}`;
    const { bucket, key } = parseS3Uri(this.prefix + name);
    await this.s3
      .send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: text,
          ContentType: 'text/plain; charset=utf-8',
          ...s3Encryption(this.kmsKey),
        }),
      )
      .catch((err: unknown) => {
        throw translateAwsError(err, `s3://${bucket}/${key}`);
      });
  }
}

/** Reads a run's live log parts in order, after a cursor (the API, the CLI). */
export class S3LiveLogReader {
  constructor(private readonly s3: S3Client) {}

  /** Parts written after `after` (a part name; none: from the start), at most `limit`. */
  async read(
    s3Temp: string,
    jobId: string,
    runId: string,
    after?: string,
    limit = 200,
  ): Promise<LiveLogPart[]> {
    const { bucket, key: prefix } = parseS3Uri(liveLogPrefix(s3Temp, jobId, runId));
    const listed = await this.s3
      .send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          StartAfter: after ? prefix + after : undefined,
          MaxKeys: limit,
        }),
      )
      .catch((err: unknown) => {
        throw translateAwsError(err, `s3://${bucket}/${prefix}`);
      });
    const keys = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => /\.(stdout|stderr)$/.test(k));
    return Promise.all(
      keys.sort().map(async (key) => {
        const out = await this.s3
          .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
          .catch((err: unknown) => {
            throw translateAwsError(err, `s3://${bucket}/${key}`);
          });
        const part = key.slice(prefix.length);
        return {
          part,
          stream: part.endsWith('.stderr') ? ('stderr' as const) : ('stdout' as const),
          text: (await out.Body?.transformToString('utf8')) ?? '',
        };
      }),
    );
  }
}
