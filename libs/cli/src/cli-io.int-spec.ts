import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { memoryIO } from './cli-io';

const lavaBin = path.resolve(__dirname, '../bin/lava.js');

/** Runs `lava args` with the reading end of its stdout already closed (as `| true` leaves it). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [lavaBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('lava writing into a pipe its reader closed', () => {
  it('ends quietly with status 0 instead of an EPIPE stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout(['--help']);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);

  it('ends quietly too when the answer comes from the output cache', async () => {
    execFileSync(process.execPath, [lavaBin, '--help']); // fills the cache
    const { code, stderr } = await runWithClosedStdout(['--help']);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);
});

describe('lava --help and --version from the output cache', () => {
  it.each([['--help'], ['-h'], ['--version'], ['-V']])(
    'lava %s prints what the program itself prints, before and after the cache is filled',
    async (flag) => {
      rmSync(path.resolve(__dirname, '../dist/output-cache'), { recursive: true, force: true });
      const io = memoryIO();
      await runCli([flag], io, {});
      expect(io.code).toBe(0);
      expect(io.out).toMatch(/^(Usage: lava|lava \d+\.\d+\.\d+ \(node v)/);
      const run = () => execFileSync(process.execPath, [lavaBin, flag], { encoding: 'utf8' });
      expect(run()).toBe(io.out); // from the bundle, which fills the cache
      expect(run()).toBe(io.out); // from the cache
    },
    60_000,
  );
});
