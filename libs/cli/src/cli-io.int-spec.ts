import { spawn } from 'node:child_process';
import path from 'node:path';

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
});
