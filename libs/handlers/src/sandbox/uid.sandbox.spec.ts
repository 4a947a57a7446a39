import { spawn, spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../process/run-process';
import { createSandbox, missingUidCapabilities } from './create-sandbox';
import { processesOf } from './uid-processes';
import { UidSandbox } from './uid.sandbox';

/** Like a worker: run dirs under `<base>/<realm>/<worker>.<pid>/<run_id>`, made by root 0700. */
const base = mkdtempSync(join(tmpdir(), 'lava-uid-'));
const tmpRoot = join(base, 'realm', `core.${process.pid}`);
afterAll(() => rmSync(base, { recursive: true, force: true }));

beforeAll(() => {
  // uid mode switches uids: its tests need what a uid worker needs (CI and this suite run as root).
  expect(missingUidCapabilities()).toEqual([]);
  mkdirSync(tmpRoot, { recursive: true, mode: 0o700 });
});

let runs = 0;
async function openRun(sandbox: UidSandbox): Promise<string> {
  const dir = join(tmpRoot, `run-${++runs}`);
  mkdirSync(dir, { mode: 0o700 });
  await sandbox.openRun(dir, new AbortController().signal);
  return dir;
}

/** Runs `sh -c script` as the run's uid; stdout+stderr are captured in the run dir, as jobs' are. */
async function sh(sandbox: UidSandbox, dir: string, script: string, timeoutMs = 20_000) {
  const out = join(dir, 'sh.out');
  const outcome = await runProcess({
    argv: ['sh', '-c', script],
    cwd: dir,
    runDir: dir,
    sandbox,
    env: { PATH: '/usr/bin:/bin', HOME: dir },
    timeoutMs,
    stdoutFile: out,
    stderrFile: out,
    signal: new AbortController().signal,
  });
  return { status: outcome.exitStatus, text: readFileSync(out, 'utf8') };
}

describe('UidSandbox (LAVA_JOB_ISOLATION=uid, worker as root)', () => {
  const sandbox = createSandbox('uid', { uidRange: '20100-20109', tmpBase: base }) as UidSandbox;

  it('is what createSandbox gives for "uid" after its boot probe', () => {
    expect(sandbox).toBeInstanceOf(UidSandbox);
    expect(sandbox.pool.leased().size).toBe(0);
  });

  it("runs the job as its run's own uid, no groups, no privileges; it uses what the worker wrote for it", async () => {
    const dir = await openRun(sandbox);
    mkdirSync(join(dir, '.lava-conn', 'db'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, '.lava-conn', 'db', 'pgpass'), 'own-secret', { mode: 0o600 });
    const tmp = mkdtempSync(join(dir, '.lava.'));
    const r = await sh(
      sandbox,
      dir,
      `id -u; id -g; id -G; grep -E '^(NoNewPrivs|CapEff)' /proc/self/status; cat .lava-conn/db/pgpass; echo; echo t > ${tmp}/f && echo TMP-OK; echo o > own && echo DIR-OK`,
    );
    const uid = [...sandbox.pool.leased().keys()][0];
    expect(r.text.split('\n').slice(0, 3)).toEqual([String(uid), String(uid), String(uid)]);
    expect(r.text).toMatch(/NoNewPrivs:\s+1/);
    expect(r.text).toMatch(/CapEff:\s+0+\n/);
    expect(r.text).toContain('own-secret');
    expect(r.text).toContain('TMP-OK');
    expect(r.text).toContain('DIR-OK');
    expect(statSync(dir)).toMatchObject({ uid, gid: uid });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(tmpRoot).mode & 0o777).toBe(0o701); // searchable, never listable, by job uids
    await sandbox.closeRun(dir);
  });

  it("cannot read the worker's environ, another run's files, nor signal the worker or the other run", async () => {
    const victim = await openRun(sandbox);
    writeFileSync(join(victim, 'pgpass'), 'victim-secret', { mode: 0o600 });
    const victimJob = sh(sandbox, victim, 'echo VICTIM-OUT; exec sleep 30', 30_000);
    await waitFor(() => processesOf(uidOf(sandbox, 1)).length > 0, true);
    const [victimPid] = processesOf(uidOf(sandbox, 1));
    const hostile = await openRun(sandbox);
    const r = await sh(
      sandbox,
      hostile,
      [
        `cat /proc/${process.pid}/environ >/dev/null && echo ENVIRON-READ`,
        `cat ${victim}/pgpass && echo PGPASS-READ`,
        `cat ${victim}/sh.out && echo OUT-READ`,
        `ls ${victim} && echo DIR-LISTED`,
        `ls ${tmpRoot} && echo ROOT-LISTED`,
        `kill -0 ${process.pid} && echo WORKER-SIGNALLED`,
        `kill -9 ${victimPid} && echo VICTIM-KILLED`,
        'exit 0',
      ].join('; '),
    );
    expect(r.text).toMatch(new RegExp(`/proc/${process.pid}/environ: Permission denied`));
    for (const leak of [
      'ENVIRON-READ',
      'victim-secret',
      'PGPASS-READ',
      'VICTIM-OUT',
      'OUT-READ',
      'DIR-LISTED',
    ])
      expect(r.text).not.toContain(leak);
    expect(r.text).not.toContain('ROOT-LISTED');
    expect(r.text).not.toContain('WORKER-SIGNALLED');
    expect(r.text).not.toContain('VICTIM-KILLED');
    expect(r.text).toMatch(/Operation not permitted/);
    expect(processesOf(uidOf(sandbox, 1))).toContain(victimPid);
    await sandbox.closeRun(hostile);
    await sandbox.closeRun(victim);
    expect((await victimJob).status).toBe(-9);
  });

  it('kills every process of the run when it closes, even one that left its process group, then frees the uid', async () => {
    const dir = await openRun(sandbox);
    const uid = uidOf(sandbox, -1);
    await sh(
      sandbox,
      dir,
      "setsid sh -c 'echo $$ > straggler.pid; exec sleep 300' >/dev/null 2>&1 </dev/null & while [ ! -s straggler.pid ]; do :; done",
    );
    expect(processesOf(uid).length).toBe(1); // the straggler outlived its step
    await sandbox.closeRun(dir);
    expect(processesOf(uid)).toEqual([]);
    expect(sandbox.pool.leased().has(uid)).toBe(false);
  });

  it('hands over only what the worker made: a planted symlink or hard link to a root file stays root', async () => {
    const secret = join(base, 'root-secret');
    writeFileSync(secret, 'root only', { mode: 0o600 });
    const dir = await openRun(sandbox);
    await sh(sandbox, dir, `ln -s ${secret} link; mkdir -p deep/er`);
    linkSync(secret, join(dir, 'hard')); // as if the job could hard-link it (protected_hardlinks=0)
    writeFileSync(join(dir, 'deep', 'er', 'from-worker'), 'x'); // inside a job-made dir: not walked
    const r = await sh(sandbox, dir, 'cat link hard; echo done');
    expect(r.text).not.toContain('root only');
    expect(statSync(secret).uid).toBe(0);
    expect(statSync(join(dir, 'deep', 'er', 'from-worker')).uid).toBe(0);
    await sandbox.closeRun(dir);
  });

  it('the job dies with its worker when the worker is SIGKILLed', async () => {
    const dir = await openRun(sandbox);
    await sandbox.prepare({ argv: [], cwd: dir, runDir: dir });
    const marker = `${Math.floor(Math.random() * 1e6)}.${process.pid}`;
    const argv = sandbox.wrap({ argv: ['sleep', marker], cwd: dir, runDir: dir });
    const worker = spawn(
      process.execPath,
      [
        '-e',
        `require('child_process').spawn(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))}, { stdio: 'ignore' }); setInterval(() => {}, 1000);`,
      ],
      { stdio: 'ignore' },
    );
    const sleeping = () => processesOf(uidOf(sandbox, -1)).length > 0;
    await waitFor(sleeping, true);
    worker.kill('SIGKILL');
    await waitFor(sleeping, false);
    await sandbox.closeRun(dir);
  });

  it('refuses to wrap a process of a run it did not open', () => {
    expect(() => sandbox.wrap({ argv: ['true'], cwd: base, runDir: join(tmpRoot, 'never-opened') })).toThrow(
      /no job uid is leased for run directory .*never-opened/,
    );
  });
});

describe('the boot probe of uid isolation', () => {
  it('refuses a worker without the capabilities it needs, naming them and the fixes', () => {
    // A root worker whose container dropped CHOWN and FOWNER (their bounding set lacks them).
    const child = [
      `require(${JSON.stringify(join(__dirname, '..', '..', '..', '..', 'scripts', 'swc-register'))});`,
      `const { createSandbox } = require(${JSON.stringify(join(__dirname, 'create-sandbox.ts'))});`,
      `try { createSandbox('uid', { uidRange: '20100-20109', tmpBase: ${JSON.stringify(base)} }); console.log('STARTED'); }`,
      'catch (e) { console.log(`${e.name} ${e.code} ${e.message}`); }',
    ].join('\n');
    const out = spawnSync('setpriv', ['--bounding-set=-chown,-fowner', process.execPath, '-e', child], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out.stdout).toContain(
      'SandboxUnavailableError JOB_ISOLATION_UNAVAILABLE job isolation "uid" needs',
    );
    expect(out.stdout).toContain(
      'this worker runs as uid 0 and lacks CAP_CHOWN, CAP_FOWNER: run its container as user 0',
    );
    expect(out.stdout).not.toContain('STARTED');
  }, 150_000);

  it('refuses when a job uid cannot reach run directories under LAVA_TMPDIR', () => {
    const hidden = mkdtempSync(join(base, 'hidden-')); // 0700 root, above LAVA_TMPDIR: not made searchable
    expect(() => createSandbox('uid', { uidRange: '20100-20109', tmpBase: join(hidden, 'lava') })).toThrow(
      /job isolation "uid" is unavailable on this host: a process as uid 20100 could not write its run directory under .*hidden-.*\/lava .*make every directory above LAVA_TMPDIR searchable by others/,
    );
  });
});

describe('missingUidCapabilities', () => {
  it('names the capabilities uid mode needs that the effective set lacks', () => {
    expect(missingUidCapabilities('CapEff:\t00000000a80425fb\n')).toEqual([]); // Docker's default set
    expect(missingUidCapabilities('CapEff:\t0000000000000000\n')).toEqual([
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
      'CAP_FOWNER',
      'CAP_KILL',
      'CAP_SETGID',
      'CAP_SETUID',
    ]);
    expect(missingUidCapabilities('CapEff:\t00000000000000e1\n')).toEqual(['CAP_DAC_OVERRIDE', 'CAP_FOWNER']);
  });
});

/** The uid of the n-th leased run (in lease order; -1: the last). */
function uidOf(sandbox: UidSandbox, n: number): number {
  const uids = [...sandbox.pool.leased().keys()];
  return n < 0 ? uids.at(n)! : uids[n - 1]!;
}

async function waitFor(probe: () => boolean, want: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (probe() !== want) {
    if (Date.now() > deadline) throw new Error(`state did not become ${want} within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
