import { LavaError } from '@lava/errors';
/** Headers that describe aws-chunked framing and must not reach s3rver once the body is decoded. */
export const CHUNKED_HEADERS = ['x-amz-decoded-content-length', 'x-amz-trailer', 'x-amz-trailer-signature'];

/** True when the SDK sent the body with aws-chunked framing (stream uploads with default checksums). */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** A body whose aws-chunked framing does not parse: the client's mistake, answered with 400. */
export class AwsChunkedError extends LavaError {
  override readonly name = 'AwsChunkedError';
  constructor(message: string) {
    super('IncompleteBody', message);
  }
}

/**
 * Strips aws-chunked framing: `<hex len>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailers>\r\n\r\n`.
 * Returns the payload bytes and any trailing headers (e.g. x-amz-checksum-crc32). Framing that
 * does not parse (sizes not hex, chunks running past the body or not ending in CRLF, a decoded
 * length other than `x-amz-decoded-content-length`) throws AwsChunkedError.
 */
export function decodeAwsChunked(
  framed: Buffer,
  decodedLength?: string,
): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new AwsChunkedError(`aws-chunked body: missing chunk header at byte ${offset}`);
    const sizeText = framed.subarray(offset, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText))
      throw new AwsChunkedError(
        `aws-chunked body: chunk size "${sizeText.slice(0, 20)}" at byte ${offset} is not hexadecimal`,
      );
    const size = parseInt(sizeText, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (
      offset + size + 2 > framed.length ||
      framed.toString('latin1', offset + size, offset + size + 2) !== '\r\n'
    ) {
      throw new AwsChunkedError(
        `aws-chunked body: chunk of ${size} bytes at byte ${offset} runs past the body or does not end in CRLF`,
      );
    }
    parts.push(framed.subarray(offset, offset + size));
    offset += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of framed.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = Buffer.concat(parts);
  if (decodedLength !== undefined && decodedLength !== '' && Number(decodedLength) !== body.length) {
    throw new AwsChunkedError(
      `aws-chunked body: decoded ${body.length} bytes, x-amz-decoded-content-length says ${decodedLength}`,
    );
  }
  return { body, trailers };
}

/** Content-Encoding without `aws-chunked` (undefined when nothing else was listed). */
export function withoutAwsChunked(encoding: string | undefined): string | undefined {
  const rest = (encoding ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  return rest.length > 0 ? rest.join(', ') : undefined;
}
