/**
 * Pipeline benchmark: trivial `cmd: true` jobs through the whole pipeline (bus -> dispatcher ->
 * worker -> audit logger), services as separate processes, the AWS endpoint in a thread of this
 * process so every AWS request the services make is counted and its CPU is read apart; then the
 * same jobs through graphile-worker on the local PostgreSQL, side by side.
 *
 *   npm run bench -w test -- [--runs 500] [--paced-runs 100] [--rate 10] [--concurrency 16]
 *                            [--repeat 1] [--warmup 200] [--no-graphile] [--no-files] [--cpu-prof DIR]
 *
 * Two phases: `paced` (dispatches at --rate per second: dispatch->start latency at a sustainable
 * rate) and `burst` (all at once: throughput). For each: runs/s, dispatch->start p50/p99, CPU ms
 * per run of every process, AWS requests per run. Every run must be recorded complete in the
 * events table, or the bench fails. `--repeat N` runs both phases N times (each on jobs of its
 * own, so earlier runs cannot stand in for lost ones); the graphile-worker rows compare the last.
 * Before measuring, `--warmup N` runs go through each system at once, unmeasured: the first runs
 * of a fresh process load modules and compile code that every later run finds ready.
 */
import { join, resolve } from 'node:path';
import { createAwsClients, JobsRepository, loadAwsConfig } from '@lava/aws';
import { ProcessSupervisor, seedRealm } from '@lava/local-realm';
import { uniqueRealm } from '@lava/testing';
import { graphileRowInChild, type RowResult } from './graphile-row';
import { startEndpointThread } from './endpoint-thread';
import { PipelinePhase, type PhaseResult } from './pipeline-phase';
import { loadAverage } from './process-cpu';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = resolve(__dirname, '..', '..');
const RUN_TS = join(ROOT, 'scripts/run-ts.js');
const SERVICES = ['audit-logger', 'dispatcher', 'worker'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const runs = arg('runs', 500);
  const paced = arg('paced-runs', 100);
  const rate = arg('rate', 10);
  const concurrency = arg('concurrency', 16);
  const repeat = arg('repeat', 1);
  const warmup = arg('warmup', 200);
  const cpuProf = textArg('cpu-prof');
  const aws = await startEndpointThread();
  const realm = uniqueRealm('b');
  const env = {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LAVA_REALM: realm,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const clients = createAwsClients(loadAwsConfig(env));
  await seedRealm({ realm, workers: ['core'], env });
  const jobs = new JobsRepository(clients.dynamo, realm);
  await jobs.put({ job_id: 'warmup', type: 'cmd', worker: 'core', enabled: true, payload: 'true' });
  const jobIds = Array.from({ length: repeat }, (_, r) => (repeat > 1 ? `-${r + 1}` : '')).flatMap((s) => [
    `paced${s}`,
    `burst${s}`,
  ]);
  for (const job_id of jobIds)
    await jobs.put({ job_id, type: 'cmd', worker: 'core', enabled: true, payload: 'true' });

  const supervisor = new ProcessSupervisor({
    runTs: RUN_TS,
    baseEnv: process.env,
    format: { colour: false, json: true },
    output: (l) => {
      if (process.env.LAVA_BENCH_VERBOSE) process.stdout.write(l + '\n');
    },
  });
  const serviceEnv = {
    ...env,
    LAVA_WORKER: 'core',
    LAVA_HEALTH_PORT: '0',
    LAVA_LOG_LEVEL: 'warn',
    LAVA_WORKER_CONCURRENCY: String(concurrency),
    LAVA_WAIT_SECONDS: '20',
    ...benchEnv(),
  };
  for (const name of SERVICES) {
    // Each service signs with its own access key id, so the endpoint can count requests per service.
    await supervisor.start({
      name,
      entry: join(ROOT, 'services', name, 'src', 'main.ts'),
      env: { ...serviceEnv, AWS_ACCESS_KEY_ID: name },
      nodeFlags: cpuProf
        ? // A directory per service and Node's default file names (pid, thread id): a fixed name
          // would have each thread's profile overwrite the main thread's.
          ['--cpu-prof', `--cpu-prof-dir=${join(cpuProf, name)}`]
        : [],
    });
  }
  process.stdout.write(
    `pipeline bench: ${paced} runs at ${rate}/s, then ${runs} in one burst; worker concurrency ${concurrency}; realm ${realm}\n`,
  );
  const phase = await PipelinePhase.create({
    aws,
    clients,
    realm,
    pidOf: (name) => supervisor.pidOf(name),
    services: SERVICES,
  });
  const results: PhaseResult[] = [];
  let failure: string | undefined;
  try {
    if (warmup > 0) {
      await phase.run({ jobId: 'warmup', runs: warmup, rate: 0 });
      process.stdout.write(`warm-up: ${warmup} runs at once, not measured\n`);
    }
    for (let i = 0; i < jobIds.length; i += 2) {
      results.push(await phase.run({ jobId: jobIds[i]!, runs: paced, rate }));
      results.push(await phase.run({ jobId: jobIds[i + 1]!, runs, rate: 0 }));
    }
  } catch (err) {
    failure = (err as Error).message;
  }
  results.forEach((r) => process.stdout.write(r.report));
  await supervisor.stopAll();
  clients.destroy();
  await aws.stop();
  if (failure) {
    process.stderr.write(`bench failed: ${failure}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `zero lost completions: ${repeat} repetition(s), every one of ${repeat * (paced + runs)} runs recorded complete\n`,
  );
  if (process.argv.includes('--no-graphile')) return;
  await compareGraphile(results.slice(-2), { paced, rate, runs, concurrency, warmup });
}

/** The graphile-worker rows, with each Lava figure over graphile-worker's. */
async function compareGraphile(
  lava: PhaseResult[],
  o: { paced: number; rate: number; runs: number; concurrency: number; warmup: number },
): Promise<void> {
  const connectionString = process.env.LAVA_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const rows: Array<[string, PhaseResult | undefined, RowResult]> = [
    [
      'paced',
      lava[0],
      await graphileRowInChild(
        { runs: o.paced, rate: o.rate, concurrency: o.concurrency, warmup: o.warmup, connectionString },
        RUN_TS,
      ),
    ],
    [
      'burst',
      lava[1],
      await graphileRowInChild(
        { runs: o.runs, rate: 0, concurrency: o.concurrency, warmup: o.warmup, connectionString },
        RUN_TS,
      ),
    ],
  ];
  const lines = [
    `graphile-worker 0.17 on the local PostgreSQL, its worker in a process of its own: the same \`true\` under the same bubblewrap sandbox from the same job spawner, concurrency ${o.concurrency}, jobs added 10 at a time after ${o.warmup} unmeasured (load ${loadAverage()}).`,
    `  It records no history (a job's row is deleted on success); Lava records each run in the events table, its run ledger item and its lifecycle events on the bus.`,
  ];
  for (const [name, l, g] of rows) {
    lines.push(
      `  ${name.padEnd(6)} graphile-worker: ${g.runsPerSecond.toFixed(1)} runs/s, dispatch->start p50 ${g.p50.toFixed(0)} ms, p99 ${g.p99.toFixed(0)} ms, CPU ${g.cpuWorker.toFixed(2)} ms/run (worker) + ${g.cpuPostgres.toFixed(2)} ms/run (all postgres processes, shared: upper bound)`,
    );
    if (l)
      lines.push(
        `  ${name.padEnd(6)} lava / graphile: runs/s x${(l.runsPerSecond / g.runsPerSecond).toFixed(2)}, p50 x${(l.p50 / g.p50).toFixed(2)}, p99 x${(l.p99 / g.p99).toFixed(2)}, CPU x${(l.cpuTotal / (g.cpuWorker + g.cpuPostgres)).toFixed(2)}`,
      );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/** Extra service settings from LAVA_BENCH_ENV="K=V,K=V" (to compare tunings). */
function benchEnv(): Record<string, string> {
  const raw = process.env.LAVA_BENCH_ENV ?? '';
  return Object.fromEntries(
    raw
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
}
