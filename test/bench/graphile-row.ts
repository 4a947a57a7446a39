import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import { createSandbox, runProcess } from '@lava/handlers';
import { percentile, postgresCpu, postgresCpuSince, serviceCpu } from './process-cpu';

export interface RowOptions {
  runs: number;
  concurrency: number;
  /** Jobs per second; 0 = one burst. */
  rate: number;
  /** Jobs run first, at once, and not measured (modules loaded, code warm), as the pipeline's. */
  warmup: number;
  connectionString: string;
}

export interface RowResult {
  runsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per run: the worker process with its job processes, and the PostgreSQL server (an upper bound). */
  cpuWorker: number;
  cpuPostgres: number;
}

const quiet = new Logger(() => () => undefined);

/**
 * The same N trivial jobs through graphile-worker on the local PostgreSQL: the same `true` command
 * through the same bubblewrap sandbox and process supervision (runProcess), the same concurrency
 * and the same batches of 10 enqueued at a time. It records no run history (a job's row is
 * deleted when it succeeds); its own schema is dropped afterwards.
 */
export async function graphileRow(opts: RowOptions): Promise<RowResult> {
  const schema = `bench_gw_${process.pid}_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'lava-bench-gw-'));
  const sandbox = createSandbox('bwrap', {});
  const started: number[] = [];
  let finished = 0;
  const runner = await run({
    connectionString: opts.connectionString,
    schema,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quiet,
    taskList: {
      noop: async (payload) => {
        started.push(Date.now() - (payload as { requested: number }).requested);
        await runProcess({
          argv: ['true'],
          cwd: dir,
          env: { PATH: '/usr/bin:/bin' },
          sandbox,
          runDir: dir,
          timeoutMs: 60_000,
          stdoutFile: '/dev/null',
          stderrFile: '/dev/null',
          signal: new AbortController().signal,
        });
        finished++;
      },
    },
  });
  const utils = await makeWorkerUtils({ connectionString: opts.connectionString, schema });
  try {
    await warmUp(utils, schema, opts.warmup, () => finished);
    started.length = 0;
    finished = 0;
    const cpu0 = workerCpu();
    const pg0 = postgresCpu();
    const t0 = Date.now();
    for (let i = 0; i < opts.runs; i += 10) {
      const n = Math.min(10, opts.runs - i);
      await utils.addJobs(
        Array.from({ length: n }, () => ({ identifier: 'noop', payload: { requested: Date.now() } })),
      );
      if (opts.rate > 0) {
        const due = t0 + ((i + 10) / opts.rate) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
    }
    await waitUntilDone(utils, schema, () => finished >= opts.runs);
    const elapsed = (Date.now() - t0) / 1000;
    const sorted = started.sort((a, b) => a - b);
    return {
      runsPerSecond: opts.runs / elapsed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      cpuWorker: (workerCpu() - cpu0) / opts.runs,
      cpuPostgres: postgresCpuSince(pg0) / opts.runs,
    };
  } finally {
    await runner.stop();
    await utils.withPgClient((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    await utils.release();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This process, its job spawner (Lava's launcher, as the pipeline's worker uses) and its job processes, ms. */
function workerCpu(): number {
  const c = serviceCpu(process.pid);
  return c.self + c.helpers + c.children;
}

/**
 * Runs the row in a process of its own (as the pipeline's worker is): its CPU is then graphile-worker's
 * alone, not the bench's.
 */
export function graphileRowInChild(opts: RowOptions, runTs: string): Promise<RowResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runTs, __filename, JSON.stringify(opts)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(last) as RowResult);
      else reject(new Error(`graphile-worker row exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

// Run as an entry point (scripts/run-ts.js puts the entry file in argv[1]).
if (process.argv[1] === __filename) {
  graphileRow(JSON.parse(process.argv[2]!) as RowOptions)
    .then((r) => process.stdout.write(JSON.stringify(r) + '\n'))
    .catch((err: unknown) => {
      process.stderr.write(`graphile-worker row failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}

async function warmUp(
  utils: Awaited<ReturnType<typeof makeWorkerUtils>>,
  schema: string,
  runs: number,
  finished: () => number,
): Promise<void> {
  for (let i = 0; i < runs; i += 10) {
    const n = Math.min(10, runs - i);
    await utils.addJobs(
      Array.from({ length: n }, () => ({ identifier: 'noop', payload: { requested: Date.now() } })),
    );
  }
  await waitUntilDone(utils, schema, () => finished() >= runs);
}

/** Every task finished and every job row gone (graphile-worker completes jobs in batches). */
async function waitUntilDone(
  utils: Awaited<ReturnType<typeof makeWorkerUtils>>,
  schema: string,
  tasksDone: () => boolean,
): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (tasksDone()) {
      const left = await utils.withPgClient((c) =>
        c.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}._private_jobs`),
      );
      if (Number(left.rows[0]?.n) === 0) return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('graphile-worker did not finish its jobs within 300 s');
}
