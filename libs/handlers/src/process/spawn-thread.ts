import { Worker } from 'node:worker_threads';

/** One process to launch: detached (its own process group), stdio on open file descriptors. */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** stdin, stdout, stderr: descriptors open in this process (kept open until `launch` settles), or `inherit`. */
  stdio: [number, number | 'inherit', number | 'inherit'];
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

// Plain JavaScript: the thread runs it as is, whatever loader the process uses for TypeScript.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const errorOf = (e) => ({ message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path });
parentPort.on('message', (m) => {
  let child;
  try {
    child = spawn(m.command, m.args, { cwd: m.cwd, env: m.env, detached: true, stdio: m.stdio });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: errorOf(e) });
    return;
  }
  if (child.pid === undefined) {
    child.once('error', (e) => parentPort.postMessage({ id: m.id, error: errorOf(e) }));
    return;
  }
  child.on('error', () => {});
  child.once('exit', (code, signal) => parentPort.postMessage({ id: m.id, exit: [code, signal] }));
  parentPort.postMessage({ id: m.id, pid: child.pid });
});
`;

interface Launch {
  started(pid: number): void;
  failed(err: Error): void;
  exited(status: [number | null, string | null]): void;
}

/**
 * Launches processes from a thread of its own. `spawn` forks the calling process, and fork copies
 * its page tables: the caller is held for that long (5-20 ms per launch for a worker of a few
 * hundred MB, measured). On the worker's event loop that held every other run with it: runs
 * received together had their claims and start events wait behind each other's launches. From
 * this thread a launch holds only the thread; the event loop goes on.
 *
 * The thread lives as long as the process and is never stopped: the sandbox ties each job to the
 * thread that launched it (bubblewrap's --die-with-parent is the parent *thread*'s death), which
 * is what makes jobs die with the worker, and must not make them die before it.
 */
export class SpawnThread {
  private worker: Worker | undefined;
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
      this.thread().ref();
      this.thread().postMessage({ id, ...spec });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`spawn thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Reply): void {
    const launch = this.launches.get(reply.id);
    if (!launch) return;
    if ('pid' in reply) launch.started(reply.pid);
    else if ('exit' in reply) launch.exited(reply.exit);
    else launch.failed(Object.assign(new Error(reply.error.message), reply.error));
  }

  /** Done with a launch; the thread no longer keeps the process alive once none is left. */
  private forget(id: number): void {
    this.launches.delete(id);
    if (!this.launches.size) this.worker?.unref();
  }

  /** The thread died (it never should): what waits on it fails rather than hangs. */
  private failAll(err: Error): void {
    this.worker = undefined;
    const waiting = [...this.launches.values()];
    this.launches.clear();
    for (const launch of waiting) {
      launch.failed(err);
      launch.exited([null, 'SIGKILL']);
    }
  }
}
