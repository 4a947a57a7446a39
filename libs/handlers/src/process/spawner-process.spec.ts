import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BwrapSandbox } from '../sandbox/bwrap.sandbox';
import { SpawnerProcess } from './spawner-process';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const quiet = { stdin: '/dev/null', stdout: 'inherit', stderr: 'inherit' } as const;

describe('SpawnerProcess', () => {
  const launcher = new SpawnerProcess();

  it('launches with the given stdin, capture files, cwd and environment, and reports the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-sp-'));
    writeFileSync(join(dir, 'in'), 'from stdin\n');
    writeFileSync(join(dir, 'out'), 'an earlier run, longer than this one\n');
    const child = await launcher.launch({
      command: 'sh',
      args: ['-c', 'echo "$GREETING from $(pwd)"; cat; echo oops >&2; exit 3'],
      cwd: dir,
      env: { ...env, GREETING: 'hello' },
      stdin: join(dir, 'in'),
      stdout: join(dir, 'out'),
      stderr: join(dir, 'err'),
    });
    expect(child.pid).toBeGreaterThan(0);
    expect(await child.exit).toEqual([3, null]);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(`hello from ${dir}\nfrom stdin\n`);
    expect(readFileSync(join(dir, 'err'), 'utf8')).toBe('oops\n');
  });

  it('never writes a capture file through a symlink planted at its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-sp-'));
    writeFileSync(join(dir, 'victim'), 'keep me');
    symlinkSync(join(dir, 'victim'), join(dir, 'out'));
    await expect(
      launcher.launch({ command: 'true', args: [], cwd: dir, env, ...quiet, stdout: join(dir, 'out') }),
    ).rejects.toMatchObject({ code: 'ELOOP', syscall: 'open' });
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('keep me');
  });

  it('starts each process as the leader of its own group, so the group can be killed', async () => {
    const child = await launcher.launch({
      command: 'sh',
      args: ['-c', 'sleep 30 & wait'],
      cwd: tmpdir(),
      env,
      ...quiet,
    });
    process.kill(-child.pid, 'SIGKILL');
    expect(await child.exit).toEqual([null, 'SIGKILL']);
  });

  it('rejects with the system error when the command cannot be started', async () => {
    await expect(
      launcher.launch({ command: 'lava-no-such-command', args: [], cwd: tmpdir(), env, ...quiet }),
    ).rejects.toMatchObject({ code: 'ENOENT', syscall: 'spawn lava-no-such-command' });
  });

  it('rejects with the system error when stdin cannot be opened', async () => {
    await expect(
      launcher.launch({ command: 'true', args: [], cwd: tmpdir(), env, ...quiet, stdin: '/no/such/input' }),
    ).rejects.toMatchObject({ code: 'ENOENT', path: '/no/such/input' });
  });

  it('runs launches side by side, each with its own outcome', async () => {
    const children = await Promise.all(
      [0, 1, 2, 3, 4].map((code) =>
        launcher.launch({ command: 'sh', args: ['-c', `exit ${code}`], cwd: tmpdir(), env, ...quiet }),
      ),
    );
    expect(await Promise.all(children.map((c) => c.exit))).toEqual([0, 1, 2, 3, 4].map((c) => [c, null]));
  });

  it('fails the launches it holds, rather than hanging, when the spawner dies, and starts another', async () => {
    const running = await launcher.launch({ command: 'sleep', args: ['30'], cwd: tmpdir(), env, ...quiet });
    const spawnerPid = Number(
      readFileSync(`/proc/${running.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
    );
    expect(readFileSync(`/proc/${spawnerPid}/cmdline`, 'utf8')).toContain('-e');
    process.kill(spawnerPid, 'SIGKILL');
    expect(await running.exit).toEqual([null, 'SIGKILL']);
    process.kill(-running.pid, 'SIGKILL');
    const next = await launcher.launch({
      command: 'sh',
      args: ['-c', 'exit 4'],
      cwd: tmpdir(),
      env,
      ...quiet,
    });
    expect(await next.exit).toEqual([4, null]);
  });

  it.each([
    ['sandboxed', true],
    ['unconfined', false],
  ])('keeps a %s job alive as long as its worker lives, and no longer', async (_, sandboxed) => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-sp-'));
    const marker = `${Math.floor(Math.random() * 1e6)}.${process.pid}`;
    const job = ['sleep', marker];
    const argv = sandboxed ? new BwrapSandbox().wrap({ argv: job, cwd: dir, runDir: dir }) : job;
    const script = `
      const { SpawnerProcess } = require(${JSON.stringify(join(__dirname, 'spawner-process.ts'))});
      new SpawnerProcess().launch({ command: ${JSON.stringify(argv[0])}, args: ${JSON.stringify(argv.slice(1))},
        cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH }, stdin: '/dev/null', stdout: 'inherit', stderr: 'inherit' });
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
