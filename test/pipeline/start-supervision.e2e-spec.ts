import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@lava/errors';
import { uniqueRealm } from '@lava/testing';
import { ROOT } from '../support/e2e-realm';

/** `npm start` exactly as a user runs it (scripts/start.ts), on a free port and its own data dir. */
function npmStart(
  dataDir: string,
  realm: string,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts/run-ts.js'),
      join(ROOT, 'scripts/start.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--realm',
      realm,
      '--json',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Every live process whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start supervision', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lava-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a second npm start on the data dir in use says so; SIGKILLing the first leaves no service behind', async () => {
    const first = npmStart(dataDir, uniqueRealm('s'));
    try {
      await pollUntil(async () => (/is running on/.test(first.output()) ? true : undefined), {
        what: `npm start to be ready (output:\n${first.output().slice(-2000)})`,
        timeoutMs: 180_000,
        intervalMs: 250,
      });
      const services = childrenOf(first.child.pid!);
      // aws-local and the five services.
      expect(services.length).toBeGreaterThanOrEqual(6);

      const second = npmStart(dataDir, uniqueRealm('s'));
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(
        `data dir ${dataDir} is in use by another local realm (npm start, pid ${first.child.pid})`,
      );
      expect(second.output()).not.toMatch(/EADDRINUSE/);

      first.child.kill('SIGKILL');
      await first.exited;
      // The kernel delivers each child's parent-death signal: nothing is left orphaned.
      await pollUntil(async () => (services.every((pid) => !alive(pid)) ? true : undefined), {
        what: `services ${services.filter(alive).join(', ')} to exit after their supervisor was killed`,
        timeoutMs: 10_000,
        intervalMs: 100,
      });
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
  }, 240_000);
});
