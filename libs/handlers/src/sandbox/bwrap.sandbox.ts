import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { JobSandbox, SandboxSpec } from './job-sandbox';

/** System directories a job may read (programs, libraries, configuration); nothing else of the host. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

export interface BwrapOptions {
  /** The bubblewrap binary (default `bwrap` on PATH). */
  binary?: string;
  /** More host paths to mount read-only (e.g. an Oracle client under /srv). */
  readOnlyPaths?: readonly string[];
}

/**
 * One bubblewrap sandbox per job process: new PID, IPC and UTS namespaces (the job cannot see the
 * worker or other runs in /proc), no capabilities, read-only system directories, a fresh /tmp, and
 * the run directory as the only writable (and only non-system) path. `--die-with-parent` kills the
 * job when the worker dies, whatever signal killed the worker. The network is shared: jobs reach
 * their databases; what they may do there is decided by credentials, which they get only through
 * their own connections.
 */
export class BwrapSandbox implements JobSandbox {
  readonly mode = 'bwrap' as const;
  private readonly fixed: string[];

  constructor(private readonly options: BwrapOptions = {}) {
    this.fixed = [
      '--die-with-parent',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-cgroup-try',
      '--cap-drop',
      'ALL',
      ...SYSTEM_DIRS.flatMap(systemMount),
      ...(options.readOnlyPaths ?? []).flatMap((p) => ['--ro-bind', p, p]),
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
    ];
  }

  wrap(spec: SandboxSpec): string[] {
    const binds = [spec.runDir, ...(spec.writable ?? [])].flatMap((p) => ['--bind', p, p]);
    return [this.options.binary ?? 'bwrap', ...this.fixed, ...binds, '--chdir', spec.cwd, '--', ...spec.argv];
  }
}

/** Merged-/usr hosts have `/bin -> usr/bin`: recreate the link instead of mounting twice. */
function systemMount(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (lstatSync(dir).isSymbolicLink()) return ['--symlink', readlinkSync(dir), dir];
  return ['--ro-bind', dir, dir];
}
