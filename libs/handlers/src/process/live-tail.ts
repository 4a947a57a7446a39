import { open, stat } from 'node:fs/promises';
import type { LiveLogSink, LogStream } from '@lava/core';
import type { Logger } from '@lava/logging';

/** Bytes read from one stream per tick at most: a chatty process is shipped in several parts. */
const MAX_PART_BYTES = 256 * 1024;

export interface LiveTail {
  /** Ships what is left, then stops. Never rejects: live logs are best effort. */
  stop(): Promise<void>;
}

/**
 * Follows the capture files of a running process and appends what they gained to `sink` every
 * `intervalMs`, so a run's output can be read while it runs. A chunk ends at the last newline
 * read (a line is never split between parts) unless the process ended or the part is full. A
 * failed append is logged and retried with the next tick.
 */
export function startLiveTail(
  files: Record<LogStream, string>,
  sink: LiveLogSink,
  intervalMs: number,
  logger: Logger,
): LiveTail {
  const offsets: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  let busy: Promise<void> = Promise.resolve();
  const ship = (final: boolean) =>
    (busy = busy.then(async () => {
      for (const stream of ['stdout', 'stderr'] as const) {
        try {
          offsets[stream] += await shipNew(files[stream], offsets[stream], stream, sink, final);
        } catch (err) {
          logger.warn('live log part not shipped', { stream, error: err as Error });
        }
      }
    }));
  const timer = setInterval(() => void ship(false), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await ship(true);
    },
  };
}

/** Appends the new complete lines of `file` after `offset`; returns the bytes consumed. */
async function shipNew(
  file: string,
  offset: number,
  stream: LogStream,
  sink: LiveLogSink,
  final: boolean,
): Promise<number> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  let consumed = 0;
  while (size > offset + consumed) {
    const length = Math.min(MAX_PART_BYTES, size - offset - consumed);
    const buf = Buffer.alloc(length);
    const handle = await open(file, 'r');
    try {
      await handle.read(buf, 0, length, offset + consumed);
    } finally {
      await handle.close();
    }
    const full = length === MAX_PART_BYTES;
    const end = final || full ? length : buf.lastIndexOf(0x0a) + 1;
    if (end <= 0) break;
    await sink.append(stream, buf.subarray(0, end).toString('utf8'));
    consumed += end;
  }
  return consumed;
}
