import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { JobSandbox } from '../sandbox/job-sandbox';
import { SpawnerProcess, type LaunchedProcess } from './spawner-process';

/** Every job process of this process is launched by one job spawner (see SpawnerProcess). */
const launcher = new SpawnerProcess();

/** Exit status recorded for a timed-out process, as in the original Lava. */
export const TIMEOUT_EXIT_STATUS = 28;

export interface ProcessRunOptions {
  argv: string[];
  cwd: string;
  /** The whole environment of the job process (already scrubbed: see `jobBaseEnv`). */
  env: Record<string, string>;
  /** Launches the process; `runDir` is the only writable path the job sees. */
  sandbox: JobSandbox;
  runDir: string;
  /** More writable host paths (see SandboxSpec.writable). */
  writable?: readonly string[];
  timeoutMs: number;
  /** Files that receive stdout/stderr; `inherit` sends them to the worker console (dev mode). */
  stdoutFile: string | 'inherit';
  stderrFile: string | 'inherit';
  /** File fed to stdin (sqlc); /dev/null otherwise. */
  stdinFile?: string;
  signal: AbortSignal;
  /**
   * On timeout/abort, first send SIGINT to the child and give it this long before the group is
   * killed: database clients (psql, mysql) then cancel the running statement on the server.
   */
  interruptGraceMs?: number;
}

export interface ProcessOutcome {
  /** Exit code; for a signal-killed child the negative signal number; 28 on timeout. */
  exitStatus: number;
  timedOut: boolean;
  aborted: boolean;
}

/**
 * Runs argv directly (no shell) through the sandbox, in a new process group. On timeout or abort
 * the whole group gets SIGKILL; after a normal exit the group is killed too so stragglers do not
 * outlive the run. The sandbox makes the job die with the worker even when the worker is SIGKILLed.
 */
export async function runProcess(options: ProcessRunOptions): Promise<ProcessOutcome> {
  if (!options.argv[0]) throw new Error('empty command');
  const spec = { argv: options.argv, cwd: options.cwd, runDir: options.runDir, writable: options.writable };
  await options.sandbox.prepare?.(spec);
  const [command, ...args] = options.sandbox.wrap(spec) as [string, ...string[]];
  const child = await launcher.launch({
    command,
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdinFile ?? '/dev/null',
    stdout: options.stdoutFile,
    stderr: options.stderrFile,
  });
  return supervise(child, options);
}

async function supervise(child: LaunchedProcess, options: ProcessRunOptions): Promise<ProcessOutcome> {
  let timedOut = false;
  let aborted = false;
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  let grace: NodeJS.Timeout | undefined;
  const stop = () => {
    if (options.interruptGraceMs === undefined) return killGroup();
    // The job's processes, not the launcher: bubblewrap relays no signal, and killing it kills the job.
    interruptGroup(child.pid);
    grace ??= setTimeout(killGroup, options.interruptGraceMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  try {
    const [code, signalName] = await child.exit;
    killGroup();
    if (timedOut) return { exitStatus: TIMEOUT_EXIT_STATUS, timedOut, aborted };
    const exitStatus = code ?? -(constants.signals[signalName as NodeJS.Signals] ?? 1);
    return { exitStatus, timedOut, aborted };
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** SIGINT to every process of group `pgid` except its leader (the sandbox launcher). */
function interruptGroup(pgid: number): void {
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === pgid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name `(...)`: state ppid pgrp ...
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === pgid) process.kill(pid, 'SIGINT');
    } catch {
      // exited meanwhile
    }
  }
}
