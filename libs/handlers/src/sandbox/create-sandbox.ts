import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BwrapSandbox, type BwrapOptions } from './bwrap.sandbox';
import { JOB_ISOLATION_MODES, type JobIsolationMode, type JobSandbox } from './job-sandbox';
import { UnconfinedSandbox } from './unconfined.sandbox';
import { SandboxUnavailableError } from './sandbox.error';

/**
 * The worker's sandbox for `mode`, checked once at boot: for `bwrap` a probe runs `true` in a
 * sandbox, so a host without bubblewrap or user namespaces fails the boot with the reason and the
 * fix, never by silently running jobs unconfined.
 */
export function createSandbox(mode: string, options: BwrapOptions = {}): JobSandbox {
  if (!(JOB_ISOLATION_MODES as readonly string[]).includes(mode)) {
    throw new SandboxUnavailableError(
      `LAVA_JOB_ISOLATION must be one of ${JOB_ISOLATION_MODES.join(', ')}, got "${mode}"`,
    );
  }
  if ((mode as JobIsolationMode) === 'none') return probe(new UnconfinedSandbox());
  return probe(new BwrapSandbox(options));
}

function probe(sandbox: JobSandbox): JobSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'lava-sandbox-probe-'));
  try {
    const [command, ...args] = sandbox.wrap({ argv: ['true'], cwd: dir, runDir: dir });
    const out = spawnSync(command!, args, {
      encoding: 'utf8',
      timeout: 10_000,
      env: { PATH: '/usr/bin:/bin' },
    });
    if (out.status === 0) return sandbox;
    const reason = out.error ? out.error.message : (out.stderr || `exit status ${out.status}`).trim();
    throw new SandboxUnavailableError(
      sandbox.mode === 'bwrap'
        ? `job isolation "bwrap" is unavailable on this host (${reason}): install bubblewrap and allow unprivileged user namespaces, or set LAVA_JOB_ISOLATION=none to run jobs without a sandbox (jobs can then read the worker's files and environment)`
        : `job launcher "setpriv" is unavailable on this host (${reason}): install util-linux`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
