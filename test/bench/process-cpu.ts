import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ; 100 on every Linux this runs on). */
const TICK_MS = 10;

/** CPU time of one process, ms: its own, and that of its children it has waited for (job processes). */
export interface ProcessCpu {
  self: number;
  children: number;
}

/** A service's CPU, ms: its own, its live helper processes' (the worker's job spawner), and their job processes'. */
export interface ServiceCpu extends ProcessCpu {
  helpers: number;
}

/**
 * CPU of a service process and of its live child processes. A long-lived child's time reaches
 * the parent's `children` only when it exits, so it is read from the child itself; the job
 * processes it waited for are counted with the service's own.
 */
export function serviceCpu(pid: number | undefined): ServiceCpu {
  const own = processCpu(pid);
  const total = { ...own, helpers: 0 };
  if (pid === undefined) return total;
  for (const child of childPids(pid)) {
    const c = processCpu(child);
    total.helpers += c.self;
    total.children += c.children;
  }
  return total;
}

function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after `(comm)`: state(3) ppid(4) ...
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Reads /proc/<pid>/stat; zeros once the process is gone. */
export function processCpu(pid: number | undefined): ProcessCpu {
  return pid === undefined ? { self: 0, children: 0 } : statCpu(`/proc/${pid}/stat`);
}

/**
 * CPU time of one thread of this process, ms. Only the task entry is the thread's own:
 * `/proc/<tid>/stat` counts its whole process.
 */
export function threadCpu(tid: number): number {
  return statCpu(`/proc/self/task/${tid}/stat`).self;
}

function statCpu(path: string): ProcessCpu {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after `(comm)`: state(3) ... utime(14) stime(15) cutime(16) cstime(17).
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { self: (f[11]! + f[12]!) * TICK_MS, children: (f[13]! + f[14]!) * TICK_MS };
  } catch {
    return { self: 0, children: 0 };
  }
}

/**
 * CPU time of each `postgres` process on the machine, ms by pid. Compare two samples with
 * {@link postgresCpuSince}: a plain sum goes down (even below zero) when a backend exits between
 * them. An upper bound for one benchmark's share: the server is shared, so other clients'
 * queries in the same interval are counted too.
 */
export function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
      byPid.set(Number(name), processCpu(Number(name)).self);
    } catch {
      // exited meanwhile
    }
  }
  return byPid;
}

/**
 * CPU of postgres processes since `before`, ms: each live process's growth (a new one's whole
 * time). A backend that exited in between is missed for its last part, so this errs low, never
 * negative.
 */
export function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}

/** CPU of this process (the in-process AWS endpoint and the bench's own polling), ms. */
export function ownCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The 1-minute load average, for every figure printed (the machine is shared). */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
