import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BwrapSandbox } from '../sandbox/bwrap.sandbox';
import { runProcess } from './run-process';

describe('runProcess interruptGraceMs', () => {
  it('on timeout sends SIGINT first so the child can clean up, then reports the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-rp-'));
    const started = Date.now();
    const outcome = await runProcess({
      argv: ['sh', '-c', `trap 'echo interrupted; exit 7' INT; sleep 20 & wait`],
      cwd: dir,
      runDir: dir,
      sandbox: new BwrapSandbox(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeoutMs: 300,
      interruptGraceMs: 5000,
      stdoutFile: join(dir, 'out'),
      stderrFile: join(dir, 'err'),
      signal: new AbortController().signal,
    });
    expect(outcome).toEqual({ exitStatus: 28, timedOut: true, aborted: false });
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('interrupted\n');
    // The child exited on SIGINT well before the grace period would have killed it.
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
