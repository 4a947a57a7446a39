/** Headers that describe aws-chunked framing and must not reach s3rver once the body is decoded. */
export const CHUNKED_HEADERS = ['x-amz-decoded-content-length', 'x-amz-trailer', 'x-amz-trailer-signature'];

/** True when the SDK sent the body with aws-chunked framing (stream uploads with default checksums). */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/**
 * Strips aws-chunked framing: `<hex len>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailers>\r\n\r\n`.
 * Returns the payload bytes and any trailing headers (e.g. x-amz-checksum-crc32).
 */
export function decodeAwsChunked(framed: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('aws-chunked: missing chunk header');
    const size = parseInt(framed.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked: bad chunk size');
    offset = lineEnd + 2;
    if (size === 0) break;
    parts.push(framed.subarray(offset, offset + size));
    offset += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of framed.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

/** Content-Encoding without `aws-chunked` (undefined when nothing else was listed). */
export function withoutAwsChunked(encoding: string | undefined): string | undefined {
  const rest = (encoding ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  return rest.length > 0 ? rest.join(', ') : undefined;
}
