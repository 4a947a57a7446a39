import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { translateAwsError } from '../errors';
import { parseS3Uri } from './s3-uri';

/** One output object of a run (`<payload>.stdout`, `.stderr`...). */
export interface RunOutputObject {
  uri: string;
  /** Name below the run prefix, e.g. `hello.sh.stdout`. */
  name: string;
  size: number;
}

/**
 * Reads a run's outputs under `<s3_temp>/<job_id>/<run_id>/`, the layout
 * S3OutputSink writes.
 */
export class RunOutputReader {
  constructor(private readonly s3: S3Client) {}

  /** The run's output objects, sorted by name. */
  async list(s3Temp: string, jobId: string, runId: string): Promise<RunOutputObject[]> {
    const prefixUri = `${s3Temp.replace(/\/+$/, '')}/${jobId}/${runId}/`;
    const { bucket, key: prefix } = parseS3Uri(prefixUri);
    const out: RunOutputObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`s3://${bucket}/${prefix}`, () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        out.push({ uri: `s3://${bucket}/${o.Key}`, name: o.Key.slice(prefix.length), size: o.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The object's text (outputs are process stdout/stderr). */
  async read(uri: string): Promise<string> {
    const { bucket, key } = parseS3Uri(uri);
    const out = await this.call(uri, () => this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return (await out.Body?.transformToString('utf8')) ?? '';
  }

  private async call<R>(resource: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      throw translateAwsError(err, resource);
    }
  }
}
