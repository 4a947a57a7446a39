import { closeSync, constants, fchownSync, fstatSync, openSync, readdirSync } from 'node:fs';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** The uid and gid a run's processes run as. */
export interface JobIdentity {
  uid: number;
  gid: number;
}

/**
 * Gives the job's identity what the worker (uid `worker`) created in `dir` (connection files,
 * payloads, temp dirs), so the job can use them. The walk goes through file descriptors and
 * `/proc/self/fd`, so a job that swaps a directory for a symlink meanwhile cannot steer it out
 * of `dir`; symlinks and sockets are never opened, a file with more than one link is left alone
 * (a system file hard-linked into the run dir stays root's), and only `dir` itself and
 * directories the worker owns are entered: what the job made is the job's already.
 */
export function handOver(dir: string, to: JobIdentity, worker: number): void {
  const fd = openSync(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    walk(fd, to, worker, true);
  } finally {
    closeSync(fd);
  }
}

function walk(fd: number, to: JobIdentity, worker: number, top: boolean): void {
  const st = fstatSync(fd);
  const mine = st.uid === worker;
  if (mine && (st.isDirectory() || st.nlink === 1)) fchownSync(fd, to.uid, to.gid);
  if (!st.isDirectory() || !(mine || top)) return;
  for (const name of readdirSync(`/proc/self/fd/${fd}`)) {
    const child = openEntry(`/proc/self/fd/${fd}/${name}`);
    if (child === undefined) continue;
    try {
      walk(child, to, worker, false);
    } finally {
      closeSync(child);
    }
  }
}

/** An fd for a directory entry, or undefined for a symlink, a socket or an entry gone meanwhile. */
function openEntry(path: string): number | undefined {
  try {
    return openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENXIO' || code === 'ENOENT') return undefined;
    throw err;
  }
}
