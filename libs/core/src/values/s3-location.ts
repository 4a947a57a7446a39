import { ValueFormatError } from '../errors';

/** A bucket and key pair. The key may be empty. */
export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * The original's `s3_split`: strips `s3://` or `s3:`, strips surrounding `/`, splits at
 * the first `/`. Accepts `s3://b/k`, `s3:b/k`, `/b/k` and `b/k`.
 *
 * @example parseS3Location('s3://acme-lava/payloads/') → { bucket: 'acme-lava', key: 'payloads' }
 * @throws ValueFormatError when the bucket part is empty.
 */
export function parseS3Location(value: string): S3Location {
  if (typeof value !== 'string')
    throw new ValueFormatError('Bad S3 location: must be a string', 's3-location');
  let rest = value.startsWith('s3://') ? value.slice(5) : value.startsWith('s3:') ? value.slice(3) : value;
  rest = trimSlashes(rest);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : trimSlashes(rest.slice(slash + 1));
  if (!bucket)
    throw new ValueFormatError(`Bad S3 location: ${JSON.stringify(value)}: no bucket`, 's3-location');
  return { bucket, key };
}

/** Bucket part, as `utils.s3bucket`. */
export function s3Bucket(value: string): string {
  return parseS3Location(value).bucket;
}

/** Key part with surrounding `/` trimmed, `""` when absent, as `utils.s3key`. */
export function s3Key(value: string): string {
  return parseS3Location(value).key;
}

/** Joins a location and relative parts into `s3://bucket/key` without doubled `/`. */
export function s3Join(base: string, ...parts: string[]): string {
  const { bucket, key } = parseS3Location(base);
  const keyParts = [key, ...parts.map(trimSlashes)].filter((p) => p !== '');
  return `s3://${bucket}${keyParts.length ? '/' + keyParts.join('/') : ''}`;
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}
