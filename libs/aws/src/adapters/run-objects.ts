import { assertPathSafe } from '@lava/core';

/** Where one run's objects go in S3 (its outputs, its live logs), and the key they are written with. */
export interface RunObjects {
  /** The realm's `s3_temp` (an `s3://` prefix). */
  s3Temp: string;
  jobId: string;
  runId: string;
  /** The realm's `s3_key`: SSE-KMS with it when set, else SSE-S3 (AES256). */
  kmsKey?: string;
}

/**
 * `<s3_temp>/<job_id>/<run_id>` (no trailing slash). Ids become key segments: any that would climb
 * into another prefix is refused.
 */
export function runPrefix(s3Temp: string, jobId: string, runId: string): string {
  return `${s3Temp.replace(/\/+$/, '')}/${assertPathSafe('job_id', jobId)}/${assertPathSafe('run_id', runId)}`;
}

/** Server-side encryption parameters of a write: SSE-KMS with `kmsKey` when given, else SSE-S3. */
export function s3Encryption(
  kmsKey: string | undefined,
): { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId: string } | { ServerSideEncryption: 'AES256' } {
  return kmsKey
    ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKey }
    : { ServerSideEncryption: 'AES256' };
}
