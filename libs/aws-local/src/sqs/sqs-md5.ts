import { createHash } from 'node:crypto';
import type { SqsMessageAttribute } from '../contracts';

/** Hex MD5 of the UTF-8 body (the SDK compares it with what it sent). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length, 0);
  return [len, bytes];
}

/**
 * MD5 over message attributes as AWS computes it: names sorted, each encoded as length-prefixed
 * name, length-prefixed DataType, transport byte (1 string, 2 binary), length-prefixed value.
 */
export function md5OfAttributes(attributes: Record<string, SqsMessageAttribute>): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const attr = attributes[name]!;
    parts.push(
      ...lengthPrefixed(Buffer.from(name, 'utf8')),
      ...lengthPrefixed(Buffer.from(attr.DataType, 'utf8')),
    );
    if (attr.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]), ...lengthPrefixed(Buffer.from(attr.BinaryValue, 'base64')));
    } else {
      parts.push(Buffer.from([1]), ...lengthPrefixed(Buffer.from(attr.StringValue ?? '', 'utf8')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
