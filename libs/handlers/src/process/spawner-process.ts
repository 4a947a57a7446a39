import { spawn, type ChildProcess } from 'node:child_process';

/**
 * One process to launch: detached (its own process group), stdin read from a file, stdout and
 * stderr written to capture files (or the worker's own streams: `inherit`).
 */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** File fed to stdin, opened read-only. */
  stdin: string;
  /**
   * Capture files, created or truncated. Never opened through a symlink or blocking on a FIFO: the
   * run directory belongs to the job (isolation `uid`), which must not make the worker write
   * elsewhere or hang by planting one at this name.
   */
  stdout: string | 'inherit';
  stderr: string | 'inherit';
}

/** A running process: its pid (also its process group id) and its exit, [code, signal name]. */
export interface LaunchedProcess {
  pid: number;
  exit: Promise<[number | null, string | null]>;
}

type Reply =
  | { id: number; pid: number }
  | { id: number; exit: [number | null, string | null] }
  | {
      id: number;
      error: { message: string; code?: string; errno?: number; syscall?: string; path?: string };
    };

// Plain JavaScript, run by `node -e`: no loader, no package, whatever the worker was built with.
const SPAWNER_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const { openSync, closeSync, constants: c } = require('node:fs');
const SINK = c.O_WRONLY | c.O_CREAT | c.O_TRUNC | c.O_NOFOLLOW | c.O_NONBLOCK;
const groups = new Set();
const reply = (m) => process.connected && process.send(m);
const errorOf = (e) => ({ message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path });
function open(m, fds) {
  const own = (fd) => (fds.push(fd), fd);
  const sink = (t) => (t === 'inherit' ? 'inherit' : own(openSync(t, SINK, 0o644)));
  return [own(openSync(m.stdin, 'r')), sink(m.stdout), sink(m.stderr)];
}
process.on('message', (m) => {
  const fds = [];
  let child;
  try {
    child = spawn(m.command, m.args, { cwd: m.cwd, env: m.env, detached: true, stdio: open(m, fds) });
  } catch (e) {
    reply({ id: m.id, error: errorOf(e) });
    return;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  if (child.pid === undefined) {
    child.once('error', (e) => reply({ id: m.id, error: errorOf(e) }));
    return;
  }
  const pid = child.pid;
  groups.add(pid);
  child.on('error', () => {});
  child.once('exit', (code, signal) => {
    groups.delete(pid);
    reply({ id: m.id, exit: [code, signal] });
  });
  reply({ id: m.id, pid });
});
// The worker is gone (even SIGKILLed: its end of the channel closed). Its jobs go with it.
process.on('disconnect', () => {
  for (const pid of groups) try { process.kill(-pid, 'SIGKILL'); } catch {}
  process.exit(0);
});
`;

interface Launch {
  started(pid: number): void;
  failed(err: Error): void;
  exited(status: [number | null, string | null]): void;
}

/**
 * Launches job processes from a small process of the worker's own (plain Node, some 40 MB), the
 * job spawner. `spawn` forks the calling process, and the cost of a fork and of the child's exec
 * grows with the caller's memory: from a 420 MB process one bubblewrap launch took 3.8 ms of the
 * caller's CPU, 5.0 ms of the child's and 10.7 ms of wall time; from a 50 MB one 0.55, 1.35 and
 * 3.7 ms (measured). The worker's event loop is not held by launches either: it posts a request
 * and goes on.
 *
 * The spawner is started on first use and lives as long as the worker. Jobs die with the worker:
 * the sandbox ties each job to the spawner (bubblewrap's --die-with-parent, setpriv's --pdeathsig),
 * and the spawner kills every process group it launched and exits when the worker's end of its
 * channel closes, whatever ended the worker.
 */
export class SpawnerProcess {
  private spawner: ChildProcess | undefined;
  private nextId = 0;
  private readonly launches = new Map<number, Launch>();

  launch(spec: LaunchSpec): Promise<LaunchedProcess> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let exited!: (status: [number | null, string | null]) => void;
      const exit = new Promise<[number | null, string | null]>((r) => (exited = r));
      this.launches.set(id, {
        started: (pid) => resolve({ pid, exit }),
        failed: (err) => {
          this.forget(id);
          reject(err);
        },
        exited: (status) => {
          this.forget(id);
          exited(status);
        },
      });
      const spawner = this.process();
      this.hold(spawner, true);
      spawner.send({ id, ...spec });
    });
  }

  private process(): ChildProcess {
    if (this.spawner) return this.spawner;
    // Its own environment only: the worker's NODE_OPTIONS (a TypeScript loader, a profiler) would
    // make it the size this process exists to avoid. Jobs get theirs with each launch.
    const spawner = spawn(process.execPath, ['--max-old-space-size=64', '-e', SPAWNER_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    spawner.on('message', (reply: Reply) => this.onReply(reply));
    spawner.on('error', (err) => this.failAll(spawner, err));
    spawner.on('exit', (code, signal) =>
      this.failAll(spawner, new Error(`job spawner exited (${signal ?? `code ${code}`})`)),
    );
    this.hold(spawner, false);
    this.spawner = spawner;
    return spawner;
  }

  /** While launches are out the spawner keeps the worker alive; otherwise it must not. */
  private hold(spawner: ChildProcess, held: boolean): void {
    if (held) {
      spawner.ref();
      spawner.channel?.ref();
    } else {
      spawner.unref();
      spawner.channel?.unref();
    }
  }

  private onReply(reply: Reply): void {
    const launch = this.launches.get(reply.id);
    if (!launch) return;
    if ('pid' in reply) launch.started(reply.pid);
    else if ('exit' in reply) launch.exited(reply.exit);
    else launch.failed(Object.assign(new Error(reply.error.message), reply.error));
  }

  /** Done with a launch; the spawner no longer keeps the worker alive once none is left. */
  private forget(id: number): void {
    this.launches.delete(id);
    if (!this.launches.size && this.spawner) this.hold(this.spawner, false);
  }

  /**
   * The spawner died (it never should): what waits on it fails rather than hangs, and the next
   * launch starts a new one. Its jobs died with it (see the class comment).
   */
  private failAll(spawner: ChildProcess, err: Error): void {
    if (this.spawner !== spawner) return;
    this.spawner = undefined;
    const waiting = [...this.launches.values()];
    this.launches.clear();
    for (const launch of waiting) {
      launch.failed(err);
      launch.exited([null, 'SIGKILL']);
    }
  }
}
