import { JobFailedError, type ObjectSource } from '@lava/core';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/** One source object of a load. */
export interface LoadSource {
  uri: string;
  size: number;
}

const loadFailure = (message: string, data: Record<string, unknown> = {}): JobFailedError =>
  new JobFailedError('LOAD_FAILED', `Copy failed: ${message}`, { exit_status: 1, error: message, ...data });

/**
 * The objects to load: the key itself, or every `entries[].url` of a Redshift-style manifest.
 * Objects below `minSize` are skipped (recorded in `events`) before the target is touched;
 * a missing manifest entry fails only when it is `mandatory`.
 */
export async function resolveSources(
  objects: ObjectSource,
  uri: string,
  manifest: boolean,
  minSize: number,
  events: string[],
): Promise<LoadSource[]> {
  const wanted = manifest ? await manifestEntries(objects, uri) : [{ url: uri, mandatory: true }];
  const sources: LoadSource[] = [];
  for (const entry of wanted) {
    const head = await objects.head(entry.url);
    if (head === undefined) {
      if (entry.mandatory) throw loadFailure(`No such object: ${entry.url}`);
      events.push(`Skipped missing object ${entry.url}`);
    } else if (head.size < minSize) events.push(`Skipped ${entry.url}: ${head.size} bytes is below min_size`);
    else sources.push({ uri: entry.url, size: head.size });
  }
  return sources;
}

async function manifestEntries(
  objects: ObjectSource,
  uri: string,
): Promise<Array<{ url: string; mandatory: boolean }>> {
  const chunks: Buffer[] = [];
  for await (const c of await objects.get(uri)) chunks.push(Buffer.from(c as Buffer));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw loadFailure(`Manifest ${uri} is not JSON`);
  }
  const entries = (parsed as { entries?: unknown })?.entries;
  if (
    !Array.isArray(entries) ||
    !entries.every(
      (e) =>
        typeof (e as { url?: unknown })?.url === 'string' &&
        String((e as { url: string }).url).startsWith('s3://'),
    )
  ) {
    throw loadFailure(`Manifest ${uri} needs entries with s3:// urls`);
  }
  return entries.map((e: { url: string; mandatory?: unknown }) => ({
    url: e.url,
    mandatory: e.mandatory === true,
  }));
}

/**
 * Text of every source in order, decompressed when `gzip`, decoded as UTF-8 across chunk
 * boundaries. `skipLines` header lines are dropped from each object (used when loading several
 * objects), and objects are separated by a newline when one lacks a final one.
 */
export async function* sourceText(
  objects: ObjectSource,
  sources: readonly LoadSource[],
  opts: { gzip: boolean; skipLines: number },
): AsyncGenerator<string> {
  for (const source of sources) {
    const body = await objects.get(source.uri);
    const stream: Readable = opts.gzip ? body.pipe(createGunzip()) : body;
    if (opts.gzip) body.once('error', (e) => stream.destroy(e));
    const decoder = new StringDecoder('utf8');
    let toSkip = opts.skipLines;
    let last = '';
    let first = true;
    for await (const chunk of stream) {
      let text = decoder.write(chunk as Buffer);
      if (first && text !== '') {
        // Each object may start with its own byte-order mark.
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      while (toSkip > 0 && text !== '') {
        const nl = text.indexOf('\n');
        if (nl < 0) {
          text = '';
          break;
        }
        text = text.slice(nl + 1);
        toSkip--;
      }
      if (text !== '') {
        last = text;
        yield text;
      }
    }
    const tail = decoder.end();
    if (tail !== '' && toSkip === 0) {
      last = tail;
      yield tail;
    }
    if (last !== '' && !last.endsWith('\n')) yield '\n';
  }
}
