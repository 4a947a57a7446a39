/**
 * CLI start-up benchmark: whole `lava` processes, as a user runs them, median of N runs each.
 *
 *   npm run bench -w @lava/cli -- [--runs 5]
 *
 * Measures `node -e 0` (the floor: Node's own start-up on this machine), `lava --help` (no AWS),
 * `lava --version`, and `lava runs JOB` against the local AWS endpoint (started here, one events
 * item in a fresh realm). `--help` and `--version` are measured as users meet them after their
 * first call: answered from the launcher's output cache (the warm-up call fills it). Prints wall time, CPU time and peak RSS per command and the machine
 * load, and fails (exit 1) when a median misses its target: `--help` 150 ms, `runs` 400 ms. Wall
 * time on a loaded machine mostly measures the machine, so the load average and the floor are
 * printed with the figures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients, loadAwsConfig, provisionRealm } from '@lava/aws';
import { startAwsLocal } from '@lava/aws-local';
import { uniqueRealm } from '@lava/testing';

const LAVA = resolve(__dirname, '..', 'bin', 'lava.js');
const PROBE = resolve(__dirname, 'rusage-probe.js');
const run = promisify(execFile);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
}

/** Runs `lava argv` `runs` times (after one warm-up for the file cache); one sample per run. */
async function measure(argv: string[], env: NodeJS.ProcessEnv, runs: number): Promise<Sample[]> {
  const command = argv[0] === '-e' ? argv : [LAVA, ...argv];
  const dir = mkdtempSync(join(tmpdir(), 'lava-cli-bench-'));
  const rusage = join(dir, 'rusage.jsonl');
  const childEnv = { ...env, NODE_OPTIONS: `--require ${PROBE}`, LAVA_BENCH_RUSAGE: rusage };
  await run(process.execPath, command, { env: childEnv });
  rmSync(rusage, { force: true });
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await run(process.execPath, command, { env: childEnv });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const usage = readFileSync(rusage, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { maxRssKb: number; cpuMs: number });
  rmSync(dir, { recursive: true, force: true });
  return walls.map((wallMs, i) => ({ wallMs, ...usage[i]! }));
}

async function main(): Promise<void> {
  const runs = arg('runs', 5);
  const aws = await startAwsLocal({ port: 0 });
  const realm = uniqueRealm('clib');
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LAVA_REALM: realm,
  };
  const clients = createAwsClients(loadAwsConfig(env));
  await provisionRealm(clients, realm);
  await clients.dynamo.send(
    new PutCommand({
      TableName: `lava.${realm}.events`,
      Item: { job_id: 'bench/job', run_id: 'r-1', status: 'complete', tu_event: '2024-05-01T00:00:00' },
    }),
  );
  const cases: Array<{ name: string; argv: string[]; targetMs?: number }> = [
    { name: 'node -e 0 (floor)', argv: ['-e', '0'] },
    { name: 'lava --help', argv: ['--help'], targetMs: 150 },
    { name: 'lava --version', argv: ['--version'] },
    { name: 'lava runs JOB (local endpoint)', argv: ['runs', 'bench/job'], targetMs: 400 },
  ];
  const misses: string[] = [];
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${runs} runs each, median`,
  );
  let floor: number | undefined;
  for (const c of cases) {
    const samples = await measure(c.argv, env, runs);
    const wall = median(samples.map((s) => s.wallMs));
    const over = floor === undefined ? '' : `  (+${(wall - floor).toFixed(0)} ms over node -e 0)`;
    floor ??= wall;
    const line = `${c.name.padEnd(32)} wall ${wall.toFixed(0).padStart(5)} ms  cpu ${median(
      samples.map((s) => s.cpuMs),
    )
      .toFixed(0)
      .padStart(5)} ms  rss ${(median(samples.map((s) => s.maxRssKb)) / 1024).toFixed(0).padStart(4)} MiB`;
    console.log(
      `${line}${over}${c.targetMs ? `  (target ${c.targetMs} ms${wall > c.targetMs ? ': MISSED' : ''})` : ''}`,
    );
    if (c.targetMs && wall > c.targetMs) misses.push(c.name);
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  clients.destroy();
  await aws.stop();
  if (misses.length) {
    console.error(`missed targets: ${misses.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
