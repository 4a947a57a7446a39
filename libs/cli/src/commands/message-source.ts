import { open } from 'node:fs/promises';

/** The first `limit` bytes of a message body: a file, or stdin when the name is absent or `-`. */
export async function readMessageBody(file: string | undefined, limit: number): Promise<string> {
  if (file === undefined || file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      chunks.push(Buffer.from(chunk as Buffer));
      size += (chunk as Buffer).length;
      if (size >= limit) break;
    }
    return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
  }
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buf, 0, limit, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
