const AUTH_QUERY = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'AWSAccessKeyId',
  'Signature',
  'Expires',
]);

/** Bucket named by a virtual-host style Host (`<bucket>.localhost:4566`, `<bucket>.s3.<region>.amazonaws.com`). */
export function vhostBucket(host: string | undefined): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const match =
    /^(.+)\.localhost$/.exec(name) ??
    /^(.+)\.s3[.-][a-z0-9.-]*amazonaws\.com$/.exec(name) ??
    /^(.+)\.s3\.localhost\.[a-z.]+$/.exec(name);
  return match?.[1];
}

/**
 * Path-style URL for s3rver without auth query parameters: s3rver rejects unknown access keys, but
 * treats unsigned requests as anonymous and allowed.
 */
export function normaliseS3Url(
  url: string,
  host: string | undefined,
): { path: string; bucket?: string; key?: string; query: URLSearchParams } {
  const parsed = new URL(url, 'http://x');
  for (const name of [...parsed.searchParams.keys()])
    if (AUTH_QUERY.has(name)) parsed.searchParams.delete(name);
  const bucketFromHost = vhostBucket(host);
  const pathname = bucketFromHost ? `/${bucketFromHost}${parsed.pathname}` : parsed.pathname;
  const [, bucket, ...rest] = pathname.split('/');
  const key = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
  const search = parsed.searchParams.toString();
  return {
    path: pathname + (search ? `?${search.replace(/=(&|$)/g, '$1')}` : ''),
    bucket: bucket || undefined,
    key: key || undefined,
    query: parsed.searchParams,
  };
}
