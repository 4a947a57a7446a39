import { JobFailedError } from '@lava/core';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import * as yauzl from 'yauzl';

/**
 * Unpacks a `.zip`, `.tar`, `.tgz` or `.tar.*` archive into `dir`, refusing entries that would land
 * outside `dir` (path traversal). The original handed every `*.tar.*` to `tar -x`, which picks the
 * decompressor from the content; so does this: gzip and plain tar are read in process, bzip2, xz,
 * lzma, zstd, lzip, lzop and compress through the system decompressor (`bzip2 -dc`, ...) piped into
 * the same in-process extractor, so the traversal checks apply to every form.
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
  return /\.(tar|tgz)$|\.tar\.[^/]+$/.test(name);
}

/** Compressions node-tar cannot read itself, by leading bytes (as GNU tar detects them). */
const DECOMPRESSORS: ReadonlyArray<{ magic: readonly number[]; argv: readonly string[] }> = [
  { magic: [0x42, 0x5a, 0x68], argv: ['bzip2', '-dc'] }, // BZh
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], argv: ['xz', '-dc'] },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], argv: ['zstd', '-dcq'] },
  { magic: [0x4c, 0x5a, 0x49, 0x50], argv: ['lzip', '-dc'] }, // LZIP
  { magic: [0x89, 0x4c, 0x5a, 0x4f], argv: ['lzop', '-dc'] },
  { magic: [0x1f, 0x9d], argv: ['gzip', '-dc'] }, // compress (.Z)
  { magic: [0x5d, 0x00, 0x00], argv: ['xz', '--format=lzma', '-dc'] },
];

async function untar(archive: string, dir: string): Promise<void> {
  const decompress = await decompressorFor(archive);
  // node-tar strips leading `/` and refuses `..` entries unless preservePaths is set.
  if (decompress === undefined) return void (await tar.x({ file: archive, cwd: dir, strict: true }));
  await pipeDecompressed(decompress, archive, tar.x({ cwd: dir, strict: true }));
}

async function decompressorFor(archive: string): Promise<readonly string[] | undefined> {
  const fh = await open(archive, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await fh.read(head, 0, 6, 0);
    const found = DECOMPRESSORS.find(
      (d) => bytesRead >= d.magic.length && d.magic.every((b, i) => head[i] === b),
    );
    return found?.argv;
  } finally {
    await fh.close();
  }
}

/** `argv < archive | extractor`; fails with the decompressor's own message when it fails. */
async function pipeDecompressed(
  argv: readonly string[],
  archive: string,
  extractor: NodeJS.WritableStream,
): Promise<void> {
  const fh = await open(archive, 'r');
  try {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: [fh.fd, 'pipe', 'pipe'] });
    const out = child.stdout!;
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      if (stderr.length < 2000) stderr += c.toString('utf8');
    });
    const exited = new Promise<void>((done, fail) => {
      child.on('error', (err: NodeJS.ErrnoException) =>
        fail(new Error(err.code === 'ENOENT' ? `${argv[0]} is not installed` : err.message)),
      );
      child.on('close', (code) =>
        code === 0 ? done() : fail(new Error(`${argv[0]} failed: ${stderr.trim() || `exit ${code}`}`)),
      );
    });
    // The decompressor's own complaint explains a corrupt archive better than the extractor's.
    const [unpacked, extracted] = await Promise.allSettled([exited, pipeline(out, extractor)]);
    if (unpacked.status === 'rejected') throw unpacked.reason;
    if (extracted.status === 'rejected') throw extracted.reason;
  } finally {
    await fh.close();
  }
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
