import { JobFailedError } from '@lava/core';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import * as yauzl from 'yauzl';

/**
 * Unpacks a `.zip`, `.tar`, `.tar.gz`/`.tgz` archive in process into `dir` (no reliance on
 * unzip/tar binaries), refusing entries that would land outside `dir` (path traversal).
 */
export async function unpackArchive(archive: string, dir: string, timeoutMs: number): Promise<void> {
  const work = archive.endsWith('.zip')
    ? unzip(archive, dir)
    : isTar(archive)
      ? untar(archive, dir)
      : undefined;
  if (!work)
    throw new JobFailedError('PKG_UNPACK_FAILED', `Don't know how to unpack ${archive.split('/').pop()}`, {
      exit_status: 1,
    });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new JobFailedError('PKG_UNPACK_FAILED', `Unpack timed out after ${timeoutMs / 1000}s`, {
            exit_status: 1,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof JobFailedError) throw err;
    throw new JobFailedError(
      'PKG_UNPACK_FAILED',
      `Cannot unpack ${archive.split('/').pop()}: ${(err as Error).message}`,
      { exit_status: 1 },
    );
  } finally {
    clearTimeout(timer);
  }
}

function isTar(name: string): boolean {
  return /\.(tar|tgz|tar\.gz)$/.test(name);
}

async function untar(archive: string, dir: string): Promise<void> {
  // node-tar strips leading `/` and refuses `..` entries unless preservePaths is set.
  await tar.x({ file: archive, cwd: dir, strict: true });
}

function unzip(archive: string, dir: string): Promise<void> {
  return new Promise((done, fail) => {
    yauzl.open(archive, { lazyEntries: true, autoClose: true }, (openErr, zip) => {
      if (openErr || !zip) return fail(openErr ?? new Error('cannot open zip'));
      zip.on('error', fail);
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = safeTarget(dir, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          return zip.readEntry();
        }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return fail(streamErr ?? new Error('cannot read zip entry'));
          const mode = (entry.externalFileAttributes >>> 16) & 0o777;
          pipeline(stream, createWriteStream(target, { mode: mode || 0o644 }))
            .then(() => zip.readEntry())
            .catch(fail);
        });
      });
      zip.readEntry();
    });
  });
}

function safeTarget(dir: string, name: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  if (target !== root && !target.startsWith(root + sep))
    throw new Error(`archive entry escapes the unpack directory: ${name}`);
  return join(target);
}
