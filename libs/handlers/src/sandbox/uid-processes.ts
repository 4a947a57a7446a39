import { readdirSync, readFileSync } from 'node:fs';

/** Live (not zombie) processes whose real, effective, saved or file-system uid is `uid`. */
export function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (/^State:\s+Z/m.test(status)) continue;
    const uids = /^Uid:\s+(.*)$/m.exec(status)?.[1]?.split(/\s+/).map(Number) ?? [];
    if (uids.includes(uid)) pids.push(Number(name));
  }
  return pids;
}

/**
 * SIGKILLs every process of `uid` until none is left or `deadlineMs` passes; returns the
 * survivors (none, normally). A run's uid is its own, so this reaches exactly the run's
 * processes, including those that left its process group.
 */
export async function killAllOf(uid: number, deadlineMs: number): Promise<number[]> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const pids = processesOf(uid);
    if (pids.length === 0 || Date.now() > deadline) return pids;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ESRCH: gone meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
