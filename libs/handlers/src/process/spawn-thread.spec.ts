import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BwrapSandbox } from '../sandbox/bwrap.sandbox';
import { SpawnThread } from './spawn-thread';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('SpawnThread', () => {
  const launcher = new SpawnThread();

  it('launches with the given descriptors, cwd and environment, and reports the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-st-'));
    const out = openSync(join(dir, 'out'), 'w');
    const stdin = openSync('/dev/null', 'r');
    try {
      const child = await launcher.launch({
        command: 'sh',
        args: ['-c', 'echo "$GREETING from $(pwd)"; exit 3'],
        cwd: dir,
        env: { ...env, GREETING: 'hello' },
        stdio: [stdin, out, 'inherit'],
      });
      expect(child.pid).toBeGreaterThan(0);
      expect(await child.exit).toEqual([3, null]);
    } finally {
      closeSync(out);
      closeSync(stdin);
    }
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(`hello from ${dir}\n`);
  });

  it('starts each process as the leader of its own group, so the group can be killed', async () => {
    const stdin = openSync('/dev/null', 'r');
    try {
      const child = await launcher.launch({
        command: 'sh',
        args: ['-c', 'sleep 30 & wait'],
        cwd: tmpdir(),
        env,
        stdio: [stdin, 'inherit', 'inherit'],
      });
      process.kill(-child.pid, 'SIGKILL');
      expect(await child.exit).toEqual([null, 'SIGKILL']);
    } finally {
      closeSync(stdin);
    }
  });

  it('rejects with the system error when the command cannot be started', async () => {
    const stdin = openSync('/dev/null', 'r');
    try {
      await expect(
        launcher.launch({
          command: 'lava-no-such-command',
          args: [],
          cwd: tmpdir(),
          env,
          stdio: [stdin, 'inherit', 'inherit'],
        }),
      ).rejects.toMatchObject({ code: 'ENOENT', syscall: 'spawn lava-no-such-command' });
    } finally {
      closeSync(stdin);
    }
  });

  it('runs launches side by side, each with its own outcome', async () => {
    const stdin = openSync('/dev/null', 'r');
    try {
      const children = await Promise.all(
        [0, 1, 2, 3, 4].map((code) =>
          launcher.launch({
            command: 'sh',
            args: ['-c', `exit ${code}`],
            cwd: tmpdir(),
            env,
            stdio: [stdin, 'inherit', 'inherit'],
          }),
        ),
      );
      expect(await Promise.all(children.map((c) => c.exit))).toEqual([0, 1, 2, 3, 4].map((c) => [c, null]));
    } finally {
      closeSync(stdin);
    }
  });

  it('keeps a sandboxed job alive as long as its worker lives, and no longer', async () => {
    // --die-with-parent follows the launching thread: the job must outlive the launch itself.
    const dir = mkdtempSync(join(tmpdir(), 'lava-st-'));
    const marker = `${Math.floor(Math.random() * 1e6)}.${process.pid}`;
    const argv = new BwrapSandbox().wrap({ argv: ['sleep', marker], cwd: dir, runDir: dir });
    const script = `
      const { openSync } = require('node:fs');
      const { SpawnThread } = require(${JSON.stringify(join(__dirname, 'spawn-thread.ts'))});
      const stdin = openSync('/dev/null', 'r');
      new SpawnThread().launch({ command: ${JSON.stringify(argv[0])}, args: ${JSON.stringify(argv.slice(1))},
        cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH }, stdio: [stdin, 'inherit', 'inherit'] });
      setInterval(() => {}, 1000);`;
    const register = resolve(__dirname, '../../../../scripts/swc-register.js');
    const worker = spawn(process.execPath, ['-r', register, '-e', script], { stdio: 'ignore' });
    try {
      await waitFor(() => sleeping(marker), true);
      await new Promise((r) => setTimeout(r, 500));
      expect(sleeping(marker)).toBe(true);
    } finally {
      worker.kill('SIGKILL');
    }
    await waitFor(() => sleeping(marker), false);
  });
});

function sleeping(marker: string): boolean {
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `sleep\0${marker}\0`) return true;
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

async function waitFor(probe: () => boolean, want: boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (probe() !== want) {
    if (Date.now() > deadline)
      throw new Error(`process state did not become ${want ? 'running' : 'gone'} within 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
