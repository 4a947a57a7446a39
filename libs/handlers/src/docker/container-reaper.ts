import { hostname } from 'node:os';
import type { ContainerEngine } from './container-engine';

/** Labels on every container a docker job creates (the original's, plus the worker process). */
export const CONTAINER_LABELS = {
  realm: 'lava.realm',
  worker: 'lava.worker',
  owner: 'lava.owner',
  jobId: 'lava.job_id',
  runId: 'lava.run_id',
  /** Host name and pid of the worker process that created it: who may reap it. */
  host: 'lava.host',
  pid: 'lava.pid',
} as const;

/** One worker process: the owner of the containers its runs create. */
export interface WorkerInstance {
  host: string;
  pid: number;
}

/** This process. */
export function currentInstance(): WorkerInstance {
  return { host: hostname(), pid: process.pid };
}

/** Whether a pid on this host is alive (signal 0 probes without signalling). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a container left on the engine belongs to no live worker: it was made on this host by
 * a process that is gone, or by an earlier process with this one's pid (a restarted container's
 * worker is pid 1 again). Containers of other hosts sharing the engine are never touched.
 *
 * @example isOrphan({ 'lava.host': 'h', 'lava.pid': '7' }, { host: 'h', pid: 9 }, () => false) === true
 */
export function isOrphan(
  labels: Record<string, string>,
  me: WorkerInstance,
  alive: (pid: number) => boolean,
): boolean {
  if (labels[CONTAINER_LABELS.host] !== me.host) return false;
  const pid = Number(labels[CONTAINER_LABELS.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return pid === me.pid || !alive(pid);
}

/**
 * Removes containers of docker jobs that outlived their worker: at boot (orphans of dead
 * processes on this host) and at shutdown (this process's own, should a run not have cleaned up).
 */
export class ContainerReaper {
  constructor(
    private readonly engine: ContainerEngine,
    private readonly me: WorkerInstance = currentInstance(),
    private readonly alive: (pid: number) => boolean = pidAlive,
  ) {}

  /** At boot: every orphan on this host. Returns the ids removed. */
  async reapOrphans(): Promise<string[]> {
    const found = await this.engine.list({ [CONTAINER_LABELS.host]: this.me.host });
    return this.removeAll(found.filter((c) => isOrphan(c.labels, this.me, this.alive)).map((c) => c.id));
  }

  /** At shutdown: this process's containers. Returns the ids removed. */
  async reapOwn(): Promise<string[]> {
    const found = await this.engine.list({
      [CONTAINER_LABELS.host]: this.me.host,
      [CONTAINER_LABELS.pid]: String(this.me.pid),
    });
    return this.removeAll(found.map((c) => c.id));
  }

  private async removeAll(ids: string[]): Promise<string[]> {
    for (const id of ids) await this.engine.remove(id);
    return ids;
  }
}
