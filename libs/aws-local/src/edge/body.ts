import type { IncomingMessage } from 'node:http';
import { AwsError } from '../contracts';

/** JSON and form bodies larger than this are refused (413) instead of buffered. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Buffers a request body, refusing bodies over `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new AwsError('RequestEntityTooLarge', `Request body larger than ${limit} bytes.`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
