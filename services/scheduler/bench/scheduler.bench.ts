/**
 * Scheduler benchmark: 100,000 scheduled jobs in the realm's jobs table on a local AWS endpoint,
 * then the real scheduler service in its own process (as `npm start -w services/scheduler` runs
 * it) firing 1,000 jobs each second onto the realm bus for long enough to include a full reconcile
 * (`LAVA_RECONCILE_MS`, 60 s). Reports, with the machine's load at the time:
 * - jitter per fire: bus accepted the PutEvents minus the scheduled slot (p50/p90/p99/max), read by
 *   a recording proxy between the scheduler and the endpoint;
 * - the scheduler's resident memory after load and its peak (`VmHWM`), its CPU, from /proc.
 * Run: npm run bench -w services/scheduler [-- jobs seconds [stub]]
 * `BENCH_SCHEDULER_ROOT=<checkout>[,<checkout>...]` runs the scheduler of each checkout in turn against
 * the same endpoint and jobs (before/after figures side by side);
 * a root built by `node docker/build-service.js services/scheduler <dir>` runs the compiled service
 * as the image does (no TypeScript loader in the process);
 * `BENCH_CPU_PROF=<dir>` writes the scheduler's CPU profile there. Figures are reported, not asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BatchWriteCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { JOB_UPDATED_AT, createAwsClients, loadAwsConfig, provisionRealm, realmNames } from '@lava/aws';
import { startBusRecorder, type BusRecorder, type SeenFire } from './bus-recorder';
import { cpuSecondsOf, loadText, mb, memoryOf } from './process-probe';

// `--seed <url> <realm> <jobs>` is the child mode that writes the jobs (so its heap is not ours).
const SEED = process.argv[2] === '--seed';
const JOBS = Number((SEED ? process.argv[5] : process.argv[2]) ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 75);
/** `stub`: PutEvents answered at once by the proxy (isolates the scheduler from the emulator's bus). */
const STUB = process.argv[4] === 'stub';
const PER_SECOND_JOBS = Math.min(JOBS, 60_000); // `s * * * * *` for s = i % 60: 1,000 fires a second
const ROOT = path.resolve(__dirname, '../../..');
/** Checkouts whose scheduler runs, one after the other, against the same endpoint and jobs. */
const SCHEDULER_ROOTS = (process.env['BENCH_SCHEDULER_ROOT'] ?? ROOT).split(',').map((r) => path.resolve(r));
/** Fires of the window still unaccepted this long after it are counted as missing. */
const GRACE_MS = 20_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const credentials = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

function jobItem(i: number, stamp: string): Record<string, unknown> {
  return {
    job_id: `bench/job-${String(i).padStart(6, '0')}`,
    type: 'cmd',
    worker: 'core',
    owner: 'bench',
    description: 'scheduler benchmark job',
    payload: 'true',
    enabled: true,
    dispatcher: 'main',
    schedule: i < PER_SECOND_JOBS ? `${i % 60} * * * * *` : `${i % 60} ${i % 24} * * *`,
    [JOB_UPDATED_AT]: stamp,
  };
}

/** Starts a child and resolves with the first match of `pattern` in its stdout lines. */
function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  onLine: (line: string) => void = () => undefined,
): { child: ChildProcess; ready: Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<RegExpExecArray>((resolve, reject) => {
    let rest = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        onLine(line);
        const m = pattern.exec(line);
        if (m) resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
  return { child, ready };
}

async function writeJobs(url: string, realm: string): Promise<void> {
  const clients = createAwsClients(loadAwsConfig({ AWS_ENDPOINT_URL: url, ...credentials }));
  const table = realmNames(realm).tables.jobs;
  // Stamped as written 5 minutes ago: the steady state, not the 30 s after a bulk put during which
  // every change poll (30 s overlap) returns the whole batch again.
  const stamp = new Date(Date.now() - 300_000).toISOString();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < JOBS) {
      const from = next;
      next = Math.min(JOBS, next + 25);
      let requests: Record<string, unknown>[] = [];
      for (let i = from; i < next; i++) requests.push({ PutRequest: { Item: jobItem(i, stamp) } });
      while (requests.length) {
        const out = await clients.dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  clients.destroy();
}

/** Writes the jobs from a child process and returns the seconds it took. */
async function seedInChild(url: string, realm: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/run-ts.js'), __filename, '--seed', url, realm, String(JOBS)],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seeding failed (${code})`);
  return (performance.now() - t0) / 1000;
}

/**
 * How `root`'s scheduler is started: from source through the TypeScript loader (as `npm start`
 * runs it), or, for a tree built by `docker/build-service.js` (as the image runs it), its compiled
 * `dist/main.js`, which loads neither swc nor the TypeScript compiler.
 */
function schedulerEntry(root: string): string[] {
  const built = path.join(root, 'services/scheduler/dist/main.js');
  if (existsSync(built)) return [built];
  return [path.join(root, 'scripts/run-ts.js'), path.join(root, 'services/scheduler/src/main.ts')];
}

/** Boots the scheduler process and waits until it fires as leader. */
async function startScheduler(
  root: string,
  url: string,
  realm: string,
): Promise<{ child: ChildProcess; bootMs: number }> {
  const profile = process.env['BENCH_CPU_PROF'];
  const args = [
    ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
    ...(process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
    ...schedulerEntry(root),
  ];
  const env = {
    PATH: process.env['PATH'],
    // LAVA_* variables of the bench's own environment tune the service (e.g. LAVA_CHANGE_POLL_MS).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LAVA_'))),
    ...credentials,
    AWS_ENDPOINT_URL: url,
    LAVA_REALM: realm,
    LAVA_DISPATCHERS: 'main',
    LAVA_HEALTH_PORT: '0',
    LAVA_HEALTH_HOST: '127.0.0.1',
  };
  const t0 = performance.now();
  const show = (line: string): void => {
    if (/"level":"(warn|error)"|"msg":"scheduler loaded"/.test(line)) console.log(`  scheduler: ${line}`);
  };
  const { child, ready } = startChild(args, env, /"msg":"firing as leader"/, show);
  await ready;
  return { child, bootMs: performance.now() - t0 };
}

function report(fires: SeenFire[], from: number, to: number): void {
  const inWindow = fires.filter((f) => f.scheduledMs >= from && f.scheduledMs < to);
  const keys = new Set(inWindow.map((f) => f.key));
  const expected = (((to - from) / 1000) * PER_SECOND_JOBS) / 60;
  console.log(
    `fires in the ${SECONDS} s window: ${keys.size} distinct of ${expected} expected (${(keys.size / SECONDS) | 0}/s), ${inWindow.length - keys.size} repeated, ${expected - keys.size} not accepted within ${GRACE_MS / 1000} s`,
  );
  for (const [name, pick] of [
    ['accepted', (f: SeenFire) => f.acceptedMs - f.scheduledMs],
    ['sent', (f: SeenFire) => f.sentMs - f.scheduledMs],
  ] as const) {
    const s = inWindow.map(pick).sort((a, b) => a - b);
    console.log(
      `jitter (${name === 'accepted' ? 'bus accepted' : 'PutEvents sent'} - scheduled): min ${s[0]} ms, p50 ${pct(s, 0.5)} ms, p90 ${pct(s, 0.9)} ms, p99 ${pct(s, 0.99)} ms, max ${s[s.length - 1]} ms`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`start: ${loadText()}; ${JOBS} jobs, ${SECONDS} s`);
  const endpointArgs = [path.join(ROOT, 'libs/aws-local/bin/lava-aws-local.js'), '--port', '0'];
  const endpoint = startChild(endpointArgs, process.env, /listening on (http:\/\/\S+)/);
  const endpointUrl = (await endpoint.ready)[1]!;
  const recorder = await startBusRecorder(endpointUrl, STUB);
  const realm = `bench${Date.now().toString(36).slice(-5)}`;
  const setup = createAwsClients(loadAwsConfig({ AWS_ENDPOINT_URL: endpointUrl, ...credentials }));
  try {
    await provisionRealm(setup, realm);
    console.log(
      `endpoint ${endpointUrl} (${STUB ? 'PutEvents answered by the recording proxy' : "aws-local's EventBridge, through the recording proxy"}), realm ${realm}`,
    );
    console.log(
      `write ${JOBS} jobs (from a child process, not part of the figures): ${(await seedInChild(endpointUrl, realm)).toFixed(1)} s`,
    );
    for (const root of SCHEDULER_ROOTS) {
      // No watermark: each run starts fresh instead of catching up the previous run's slots.
      await setup.dynamo.send(
        new DeleteCommand({
          TableName: realmNames(realm).tables.state,
          Key: { state_id: 'lava.lease/main' },
        }),
      );
      recorder.fires.length = 0;
      await measure(root, recorder, endpoint.child.pid!, realm);
    }
  } finally {
    setup.destroy();
    recorder.close();
    endpoint.child.kill('SIGTERM');
  }
}

/** One scheduler process from `root`: boot, the measured window, SIGTERM. */
async function measure(
  root: string,
  recorder: BusRecorder,
  endpointPid: number,
  realm: string,
): Promise<void> {
  console.log(`\n== scheduler from ${root}`);
  const started = await startScheduler(root, recorder.url, realm);
  const scheduler = started.child;
  try {
    const pid = scheduler.pid!;
    console.log(
      `scheduler pid ${pid}: boot to firing ${(started.bootMs / 1000).toFixed(1)} s; RSS ${mb(memoryOf(pid).rss)}`,
    );
    const from = Math.ceil(Date.now() / 1000) * 1000 + 1000; // skip the takeover second
    const to = from + SECONDS * 1000;
    await sleep(from - Date.now());
    console.log(`measuring: ${loadText()}`);
    const [cpu0, endpointCpu0] = [cpuSecondsOf(pid), cpuSecondsOf(endpointPid)];
    let rssMax = 0;
    while (Date.now() < to) {
      rssMax = Math.max(rssMax, memoryOf(pid).rss);
      await sleep(250);
    }
    const cpu = cpuSecondsOf(pid) - cpu0;
    const endpointCpu = cpuSecondsOf(endpointPid) - endpointCpu0;
    const { peak } = memoryOf(pid);
    console.log(`end of window: ${loadText()}`);
    const expected = SECONDS * (PER_SECOND_JOBS / 60);
    const count = (): number =>
      recorder.fires.filter((f) => f.scheduledMs >= from && f.scheduledMs < to).length;
    for (const deadline = Date.now() + GRACE_MS; count() < expected && Date.now() < deadline;)
      await sleep(250);
    report(recorder.fires, from, to);
    const firesOut = process.env['BENCH_FIRES_OUT'];
    if (firesOut)
      writeFileSync(`${firesOut}-${pid}.json`, JSON.stringify({ from, to, fires: recorder.fires }));
    console.log(
      `scheduler RSS: peak ${mb(peak)} (VmHWM, whole life incl. load), max while firing ${mb(rssMax)}; CPU ${((cpu / SECONDS) * 100).toFixed(0)}% of one core (endpoint ${((endpointCpu / SECONDS) * 100).toFixed(0)}%)`,
    );
  } finally {
    if (scheduler.exitCode === null) {
      scheduler.kill('SIGTERM');
      await new Promise((r) => scheduler.once('exit', r));
    }
  }
}

(SEED ? writeJobs(process.argv[3]!, process.argv[4]!) : main()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
