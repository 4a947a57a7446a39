import { chmodSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { handOver, type JobIdentity } from './hand-over';
import type { JobSandbox, SandboxSpec } from './job-sandbox';
import { RunProcessesSurviveError, SandboxUnavailableError } from './sandbox.error';
import { killAllOf } from './uid-processes';
import { UidPool, type UidRange } from './uid-pool';

export interface UidSandboxOptions {
  /** The job uids (`LAVA_JOB_UID_RANGE`); each uid is also the gid. */
  range: UidRange;
  /** How long a run waits for a free uid when all are held (default 30 s). */
  leaseWaitMs?: number;
  /**
   * The root of run directories (`LAVA_TMPDIR`): it and every directory under it down to a run
   * directory's parent are made searchable (never listable) by job uids, so a job reaches its own
   * run directory and nothing else there.
   */
  tmpBase?: string;
  /** How long the survivors of a finished run get to die after SIGKILL (default 5 s). */
  reapMs?: number;
  setpriv?: string;
}

interface OpenRun {
  id: JobIdentity;
  /** Deliveries of the same run on this worker share its directory, hence its uid. */
  refs: number;
}

/**
 * Each run under its own unprivileged uid (`LAVA_JOB_ISOLATION=uid`), for hosts without user
 * namespaces (ECS Fargate) where the worker runs as root. The job cannot read the worker's
 * `/proc/<pid>/environ` nor signal it (different uid), cannot read other runs' directories (0700,
 * owned by their uids), has no capabilities and gains none (`--no-new-privs`), and dies with
 * the worker (`--pdeathsig`, set after the uid switch). When the run ends every process of its
 * uid is killed before the uid goes back to the pool.
 */
export class UidSandbox implements JobSandbox {
  readonly mode = 'uid' as const;
  readonly pool: UidPool;
  private readonly runs = new Map<string, OpenRun>();
  private readonly worker = process.getuid?.() ?? 0;

  constructor(private readonly options: UidSandboxOptions) {
    this.pool = new UidPool(options.range);
  }

  async openRun(runDir: string, signal: AbortSignal): Promise<void> {
    const open = this.runs.get(runDir);
    if (open) {
      open.refs++;
      return;
    }
    this.makeReachable(runDir);
    const uid = await this.pool.lease(runDir, { waitMs: this.options.leaseWaitMs ?? 30_000, signal });
    this.runs.set(runDir, { id: { uid, gid: uid }, refs: 1 });
  }

  prepare(spec: SandboxSpec): Promise<void> {
    handOver(spec.runDir, this.identity(spec.runDir), this.worker);
    return Promise.resolve();
  }

  wrap(spec: SandboxSpec): string[] {
    return this.launcher(this.identity(spec.runDir), spec.argv);
  }

  async closeRun(runDir: string): Promise<void> {
    const open = this.runs.get(runDir);
    if (!open || --open.refs > 0) return;
    this.runs.delete(runDir);
    const survivors = await killAllOf(open.id.uid, this.options.reapMs ?? 5_000);
    // A uid whose processes live on stays leased: giving it to another run would share it.
    if (survivors.length) throw new RunProcessesSurviveError(open.id.uid, survivors);
    this.pool.release(open.id.uid);
  }

  /** The command line running `argv` as `id`, with no groups, no way to gain privileges, dying with the worker. */
  launcher(id: JobIdentity, argv: readonly string[]): string[] {
    return [
      this.options.setpriv ?? 'setpriv',
      `--reuid=${id.uid}`,
      `--regid=${id.gid}`,
      '--clear-groups',
      '--no-new-privs',
      '--pdeathsig',
      'KILL',
      '--',
      ...argv,
    ];
  }

  private identity(runDir: string): JobIdentity {
    const open = this.runs.get(runDir);
    if (!open)
      throw new SandboxUnavailableError(
        `no job uid is leased for run directory ${runDir} (openRun was not called)`,
      );
    return open.id;
  }

  /** Adds search (not read) permission for others on the worker's directories above `runDir`. */
  makeReachable(runDir: string): void {
    const parent = dirname(resolve(runDir));
    const base = this.options.tmpBase ? resolve(this.options.tmpBase) : parent;
    const rel = relative(base, parent);
    if (rel.startsWith('..')) return;
    let dir = base;
    for (const part of ['', ...rel.split(sep).filter(Boolean)]) {
      dir = part ? `${dir}${sep}${part}` : dir;
      const st = statSync(dir);
      if (st.uid === this.worker && (st.mode & 0o001) === 0) chmodSync(dir, (st.mode & 0o7777) | 0o001);
    }
  }
}
