import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogStream } from '@lava/core';
import { Logger } from '@lava/logging';
import { startLiveTail } from './live-tail';

describe('startLiveTail', () => {
  const logger = new Logger({ service: 'test' }, { level: 'error', sink: () => undefined });
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-tail-'));
    const files = { stdout: join(dir, 'out'), stderr: join(dir, 'err') };
    writeFileSync(files.stdout, '');
    writeFileSync(files.stderr, '');
    const parts: { stream: LogStream; text: string }[] = [];
    return {
      files,
      parts,
      sink: { append: async (stream: LogStream, text: string) => void parts.push({ stream, text }) },
    };
  };

  it('ships whole lines while running and the unfinished rest at the end, per stream, in order', async () => {
    const { files, parts, sink } = setup();
    const tail = startLiveTail(files, sink, 60_000, logger);
    appendFileSync(files.stdout, 'one\ntw');
    appendFileSync(files.stderr, 'warn\n');
    await tail.stop();
    appendFileSync(files.stdout, 'never shipped\n');
    expect(parts).toEqual([
      { stream: 'stdout', text: 'one\ntw' },
      { stream: 'stderr', text: 'warn\n' },
    ]);
  });

  it('keeps a failed part for the next tick and never rejects', async () => {
    const { files, parts } = setup();
    let fail = true;
    const flaky = {
      append: async (stream: LogStream, text: string) => {
        if (fail) throw new Error('S3 down');
        parts.push({ stream, text });
      },
    };
    const tail = startLiveTail(files, flaky, 60_000, logger);
    appendFileSync(files.stdout, 'kept\n');
    await tail.stop();
    expect(parts).toEqual([]);
    fail = false;
    // The next shipment (here a second stop) retries from the same offset.
    await tail.stop();
    expect(parts).toEqual([{ stream: 'stdout', text: 'kept\n' }]);
  });
});
