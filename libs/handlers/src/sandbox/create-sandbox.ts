import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BwrapSandbox, type BwrapOptions } from './bwrap.sandbox';
import { handOver } from './hand-over';
import { JOB_ISOLATION_MODES, type JobIsolationMode, type JobSandbox } from './job-sandbox';
import { UnconfinedSandbox } from './unconfined.sandbox';
import { SandboxUnavailableError } from './sandbox.error';
import { parseUidRange } from './uid-pool';
import { UidSandbox } from './uid.sandbox';

export interface SandboxOptions extends BwrapOptions {
  /** `LAVA_JOB_UID_RANGE` (mode `uid`), e.g. `20000-20999`. */
  uidRange?: string;
  /** The least number of uids the range must hold: the worker's concurrency (mode `uid`). */
  minUids?: number;
  /** Root of the run directories, `LAVA_TMPDIR` (mode `uid`; default the system temp dir). */
  tmpBase?: string;
}

/**
 * The worker's sandbox for `mode`, checked once at boot: a probe runs a process the way jobs will
 * run, so a host where the mode cannot work fails the boot with the reason and the fix, never by
 * silently running jobs with less isolation.
 */
export function createSandbox(mode: string, options: SandboxOptions = {}): JobSandbox {
  if (!(JOB_ISOLATION_MODES as readonly string[]).includes(mode)) {
    throw new SandboxUnavailableError(
      `LAVA_JOB_ISOLATION must be one of ${JOB_ISOLATION_MODES.join(', ')}, got "${mode}"`,
    );
  }
  if ((mode as JobIsolationMode) === 'none') return probe(new UnconfinedSandbox());
  if ((mode as JobIsolationMode) === 'uid') return uidSandbox(options);
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
    throw new SandboxUnavailableError(
      sandbox.mode === 'bwrap'
        ? `job isolation "bwrap" is unavailable on this host (${failure(out)}): install bubblewrap and allow unprivileged user namespaces, or set LAVA_JOB_ISOLATION=uid (worker as root) or none to run jobs without a sandbox (jobs can then read the worker's files and environment)`
        : `job launcher "setpriv" is unavailable on this host (${failure(out)}): install util-linux`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Capabilities a `uid` worker uses (see docs/job-isolation.md for why each one). */
const UID_MODE_CAPABILITIES: readonly [string, number][] = [
  ['CHOWN', 0],
  ['DAC_OVERRIDE', 1],
  ['FOWNER', 3],
  ['KILL', 5],
  ['SETGID', 6],
  ['SETUID', 7],
];

/** The capabilities `uid` mode needs that this process lacks (from /proc/self/status). */
export function missingUidCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  const effective = BigInt(`0x${/^CapEff:\s+([0-9a-f]+)$/m.exec(status)?.[1] ?? '0'}`);
  return UID_MODE_CAPABILITIES.filter(([, bit]) => ((effective >> BigInt(bit)) & 1n) === 0n).map(
    ([name]) => `CAP_${name}`,
  );
}

function uidSandbox(options: SandboxOptions): JobSandbox {
  const missing = missingUidCapabilities();
  if (missing.length)
    throw new SandboxUnavailableError(
      `job isolation "uid" needs the worker to run as root (uid 0) with CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_KILL, CAP_SETGID and CAP_SETUID; this worker runs as uid ${process.getuid?.()} and lacks ${missing.join(', ')}: run its container as user 0 (ECS task definition user "0", docker run --user 0) without dropping these capabilities, or set LAVA_JOB_ISOLATION=bwrap where user namespaces are allowed`,
    );
  const range = parseUidRange(options.uidRange ?? '', options.minUids ?? 1);
  const tmpBase = options.tmpBase ?? tmpdir();
  const sandbox = new UidSandbox({ range, tmpBase });
  probeUid(sandbox, tmpBase);
  return sandbox;
}

/**
 * Runs a process as the first job uid the way a run does (run directory chowned, the directories
 * above it made searchable): it must write its run directory and must not read a file of the worker.
 */
function probeUid(sandbox: UidSandbox, tmpBase: string): void {
  const id = { uid: sandbox.pool.range.first, gid: sandbox.pool.range.first };
  mkdirSync(tmpBase, { recursive: true, mode: 0o711 });
  const dir = mkdtempSync(join(tmpBase, '.uid-probe-'));
  try {
    writeFileSync(join(dir, 'worker-only'), 'x', { mode: 0o600 });
    const runDir = join(dir, 'run');
    mkdirSync(runDir, { mode: 0o700 });
    sandbox.makeReachable(runDir);
    handOver(runDir, id, process.getuid?.() ?? 0);
    const script = `touch ${runDir}/ok && ! cat ${dir}/worker-only 2>/dev/null`;
    const [command, ...args] = sandbox.launcher(id, ['sh', '-c', script]);
    const out = spawnSync(command!, args, {
      encoding: 'utf8',
      timeout: 10_000,
      env: { PATH: '/usr/bin:/bin' },
    });
    if (out.status === 0 && existsSync(join(runDir, 'ok'))) return;
    throw new SandboxUnavailableError(
      `job isolation "uid" is unavailable on this host: a process as uid ${id.uid} could not write its run directory under ${tmpBase} or could read the worker's files (${failure(out)}): make every directory above LAVA_TMPDIR searchable by others (o+x), check that uids ${sandbox.pool.describe()} exist in this user namespace, and install util-linux (setpriv)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function failure(out: ReturnType<typeof spawnSync>): string {
  if (out.error) return out.error.message;
  return (String(out.stderr ?? '') || `exit status ${out.status}`).trim();
}
