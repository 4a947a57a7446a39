import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../process/run-process';
import { BwrapSandbox } from './bwrap.sandbox';
import { createSandbox } from './create-sandbox';
import type { JobSandbox } from './job-sandbox';
import { UnconfinedSandbox } from './unconfined.sandbox';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function runDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'lava-sbx-'));
  roots.push(root);
  const dir = join(root, 'run');
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/** Runs `sh -c script` in the sandbox; returns exit status and stdout+stderr. */
async function sh(sandbox: JobSandbox, dir: string, script: string, env: Record<string, string> = {}) {
  const outcome = await runProcess({
    argv: ['sh', '-c', script],
    cwd: dir,
    runDir: dir,
    sandbox,
    env: { PATH: '/usr/bin:/bin', ...env },
    timeoutMs: 20_000,
    stdoutFile: join(dir, '..', 'out'),
    stderrFile: join(dir, '..', 'err'),
    signal: new AbortController().signal,
  });
  const text = readFileSync(join(dir, '..', 'out'), 'utf8') + readFileSync(join(dir, '..', 'err'), 'utf8');
  return { status: outcome.exitStatus, text };
}

describe('BwrapSandbox', () => {
  const sandbox = createSandbox('bwrap');

  it('is what createSandbox gives for "bwrap", and an unknown mode is refused precisely', () => {
    expect(sandbox).toBeInstanceOf(BwrapSandbox);
    expect(() => createSandbox('chroot')).toThrow(
      /LAVA_JOB_ISOLATION must be one of bwrap, uid, none, got "chroot"/,
    );
  });

  it('shows the job none of the worker: no worker process in /proc, no worker variable anywhere', async () => {
    const canary = `canary-${process.pid}-${Date.now()}`;
    process.env.LAVA_TEST_CANARY = canary;
    try {
      const dir = runDir();
      const r = await sh(
        sandbox,
        dir,
        'ls /proc | grep -c "^[0-9]"; cat /proc/[0-9]*/environ | tr "\\0" "\\n"; env',
        { JOB_VAR: 'mine' },
      );
      expect(r.text).not.toContain(canary);
      expect(r.text).toContain('JOB_VAR=mine');
      // Only the sandbox's own processes (its init, sh, ls/cat): never the worker's.
      expect(Number(r.text.split('\n')[0])).toBeLessThanOrEqual(4);
      expect(r.status).toBe(0);
    } finally {
      delete process.env.LAVA_TEST_CANARY;
    }
  });

  it('lets the job write only its run directory and read no other run', async () => {
    const dir = runDir();
    const other = runDir();
    writeFileSync(join(other, 'password'), 'other-run-secret', { mode: 0o600 });
    const r = await sh(
      sandbox,
      dir,
      `cat ${other}/password; touch /usr/lava-escape && echo WROTE-USR; echo mine > ${dir}/own.txt; ls ${join(dir, '..')}; ls /tmp | wc -l; ls ${process.cwd()} && echo SAW-WORKER-CWD; exit 0`,
    );
    expect(r.text).not.toContain('other-run-secret');
    expect(r.text).toMatch(/No such file or directory/);
    expect(r.text).not.toContain('WROTE-USR');
    expect(r.text).not.toContain('SAW-WORKER-CWD');
    expect(readFileSync(join(dir, 'own.txt'), 'utf8')).toBe('mine\n');
  });
});

/** The launcher's job outlives neither launcher nor worker: SIGKILL the worker, the job is gone. */
describe.each([
  ['bwrap', new BwrapSandbox()],
  ['none', new UnconfinedSandbox()],
])('%s: the job dies with its worker', (_mode, sandbox) => {
  it('is killed when the worker process is SIGKILLed', async () => {
    const dir = runDir();
    const marker = `${Math.floor(Math.random() * 1e6)}.${process.pid}`;
    const argv = sandbox.wrap({ argv: ['sleep', marker], cwd: dir, runDir: dir });
    const worker = spawn(
      process.execPath,
      [
        '-e',
        `require('child_process').spawn(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))}, { stdio: 'ignore' }); setInterval(() => {}, 1000);`,
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(() => sleeping(marker), true);
    worker.kill('SIGKILL');
    await waitFor(() => sleeping(marker), false);
  });
});

function sleeping(marker: string): boolean {
  for (const pid of readdirNumeric('/proc')) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `sleep\0${marker}\0`) return true;
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

function readdirNumeric(dir: string): string[] {
  return readdirSync(dir).filter((n) => /^\d+$/.test(n));
}

async function waitFor(probe: () => boolean, want: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (probe() !== want) {
    if (Date.now() > deadline)
      throw new Error(`process state did not become ${want ? 'running' : 'gone'} within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
