import type { JobSandbox, SandboxSpec } from './job-sandbox';

/**
 * The explicit fallback (`LAVA_JOB_ISOLATION=none`) for hosts where bubblewrap cannot create
 * namespaces: the job runs as the worker's user with the scrubbed environment, and `setpriv
 * --pdeathsig KILL` still makes it die with the worker. It can read what the worker's user can
 * read (other runs' directories, /proc/<worker>/environ): the worker logs that at boot and per run.
 */
export class UnconfinedSandbox implements JobSandbox {
  readonly mode = 'none' as const;

  constructor(private readonly setpriv = 'setpriv') {}

  wrap(spec: SandboxSpec): string[] {
    return [this.setpriv, '--pdeathsig', 'KILL', '--', ...spec.argv];
  }
}
