import { createWriteStream, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { JobFailedError, type DownloadedPayload, type PayloadSource } from '@lava/core';
import { parseS3Uri } from './s3-uri';

/** A payload problem the job reports as its failure (not an infrastructure error). */
export class PayloadError extends JobFailedError {
  override readonly name = 'PayloadError';
  constructor(message: string) {
    super('PAYLOAD_INVALID', message);
  }
}

/**
 * The payload downloader: each entry is an object key
 * or a `/`-terminated prefix under `<s3_payloads>`, downloaded into its own private directory,
 * in key order. Improvement: a non-`/` entry matches that exact key, not every key it prefixes.
 */
export class S3PayloadSource implements PayloadSource {
  constructor(
    private readonly s3: S3Client,
    private readonly s3Payloads: string,
  ) {}

  async download(entries: string[], intoDir: string, maxBytes: number): Promise<DownloadedPayload[]> {
    const out = [];
    for (const [n, entry] of entries.entries()) {
      const { bucket, objects } = await this.objectsFor(entry);
      if (!objects.length)
        throw new PayloadError(`No payload files downloaded from S3 for payload: ${entry}`);
      const tooBig = objects.find((o) => (o.Size ?? 0) > maxBytes);
      if (tooBig)
        throw new PayloadError(
          `Payload ${tooBig.Key} is ${tooBig.Size} bytes, more than the limit of ${maxBytes}`,
        );
      const dir = mkdtempSync(join(intoDir, `pld-${n}-`));
      const files = [];
      for (const o of objects) files.push(await this.fetch(bucket, o.Key!, dir));
      out.push({ entry, dir, files });
    }
    return out;
  }

  private async objectsFor(entry: string): Promise<{ bucket: string; objects: _Object[] }> {
    const { bucket, key } = parseS3Uri(`${this.s3Payloads.replace(/\/+$/, '')}/${entry}`);
    const listed = await this.list(bucket, key);
    // Sub-prefixes are ignored (v2); keys ending in '/' are folder markers.
    const direct = listed.filter(
      (o) => o.Key && !o.Key.endsWith('/') && !o.Key.slice(key.length).includes('/'),
    );
    return { bucket, objects: entry.endsWith('/') ? direct : direct.filter((o) => o.Key === key) };
  }

  private async list(bucket: string, prefix: string): Promise<_Object[]> {
    const objects: _Object[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      objects.push(...(page.Contents ?? []));
      token = page.NextContinuationToken;
    } while (token);
    return objects.sort((a, b) => (a.Key! < b.Key! ? -1 : 1));
  }

  private async fetch(bucket: string, key: string, dir: string): Promise<string> {
    const file = join(dir, basename(key));
    const obj = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(obj.Body as Readable, createWriteStream(file));
    return file;
  }
}
