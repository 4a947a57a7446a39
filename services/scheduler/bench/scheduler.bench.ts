/**
 * Scheduler benchmark: 100,000 scheduled jobs in the jobs table of a local AWS endpoint (a child
 * process, so its CPU is not counted as ours), then the real service firing 1,000 jobs per second
 * onto the realm bus. Reports load time (from the table, and from an in-memory list), resident
 * memory, and fire jitter (publish completed minus scheduled time). Run from services/scheduler:
 *   npm run bench [-- jobs seconds]
 * Figures are reported, not asserted (benchmarks report; tests assert).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  JOB_UPDATED_AT,
  JobsRepository,
  createAwsClients,
  loadAwsConfig,
  provisionRealm,
  realmNames,
} from '@lava/aws';
import { Logger } from '@lava/logging';
import { ScheduleTable, type Fire } from '@lava/scheduling';
import { bootstrap } from '../src/bootstrap';
import { toScheduledSpec } from '../src/engine/job-spec';

// `--seed <url> <realm> <jobs>` is the child mode that writes the jobs (so its heap is not ours).
const SEED = process.argv[2] === '--seed';
const JOBS = Number((SEED ? process.argv[5] : process.argv[2]) ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 20);
/** `stub`: PutEvents answered at once by a proxy (isolates the scheduler from the emulator's bus). */
const BUS = process.argv[4] === 'stub' ? 'stub' : 'aws-local';
const PER_SECOND_JOBS = Math.min(JOBS, 60_000); // `s * * * * *` for s = i % 60: 1,000 fires a second
const ROOT = path.resolve(__dirname, '../../..');
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

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

async function startEndpoint(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'libs/aws-local/bin/lava-aws-local.js'), '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`aws-local exited with ${code}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

/**
 * A proxy in front of the endpoint that answers PutEvents itself (all entries accepted) and
 * forwards everything else, so jitter can be measured without the emulator's bus throughput.
 */
async function stubBusProxy(target: string): Promise<{ url: string; server: http.Server }> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
        const n = (JSON.parse(body.toString()) as { Entries: unknown[] }).Entries.length;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            FailedEntryCount: 0,
            Entries: Array.from({ length: n }, (_, i) => ({ EventId: String(i) })),
          }),
        );
        return;
      }
      const fwd = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.destroy());
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

async function writeJobs(env: NodeJS.ProcessEnv, realm: string): Promise<number> {
  const clients = createAwsClients(loadAwsConfig(env));
  const table = realmNames(realm).tables.jobs;
  // Stamped as written 5 minutes ago: the steady state, not the 30 s after a bulk put during which
  // every change poll (30 s overlap) returns the whole batch again.
  const stamp = new Date(Date.now() - 300_000).toISOString();
  const t0 = performance.now();
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
  return performance.now() - t0;
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

async function main(): Promise<void> {
  const { url: endpointUrl, child } = await startEndpoint();
  const proxy = BUS === 'stub' ? await stubBusProxy(endpointUrl) : undefined;
  const url = proxy?.url ?? endpointUrl;
  const realm = `bench${Date.now().toString(36).slice(-5)}`;
  const env = {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LAVA_REALM: realm,
  };
  try {
    const setup = createAwsClients(loadAwsConfig(env));
    await provisionRealm(setup, realm);
    console.log(
      `endpoint ${url} (${BUS === 'stub' ? 'PutEvents answered by a stub proxy' : "aws-local's EventBridge"}), realm ${realm}`,
    );
    console.log(
      `write ${JOBS} jobs (BatchWrite from a child process, not part of the figures): ${(await seedInChild(url, realm)).toFixed(1)} s`,
    );

    const rssIdle = process.memoryUsage().rss;
    const lags: number[] = [];
    let measureFrom = Number.POSITIVE_INFINITY;
    let published = 0;
    const onPublished = (fires: readonly Fire[], at: Date): void => {
      published += fires.length;
      for (const f of fires)
        if (f.scheduledAt.getTime() >= measureFrom) lags.push(at.getTime() - f.scheduledAt.getTime());
    };
    const logger = new Logger(
      { service: 'scheduler', realm },
      {
        level: 'info',
        sink: (line) =>
          /"level":"(warn|error)"|scheduler loaded/.test(line) ? console.log(line) : undefined,
      },
    );
    const t0 = performance.now();
    // LAVA_* variables of the bench's own environment tune the service (e.g. LAVA_CHANGE_POLL_MS).
    const tuning = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('LAVA_') && k !== 'LAVA_REALM'),
    );
    const running = await bootstrap(
      { ...env, LAVA_DISPATCHERS: 'main', LAVA_HEALTH_PORT: '0', LAVA_HEALTH_HOST: '127.0.0.1', ...tuning },
      { onPublished, logger },
    );
    const bootMs = performance.now() - t0;
    const rssLoaded = process.memoryUsage().rss;
    const d = running.parts.engine.dispatchers[0]!;
    console.log(
      `service boot incl. load of ${d.table.size} jobs from the table: ${(bootMs / 1000).toFixed(2)} s; RSS ${mb(rssLoaded)} (before ${mb(rssIdle)})`,
    );

    while (!d.isFiring) await new Promise((r) => setTimeout(r, 100));
    measureFrom = Math.ceil(Date.now() / 1000) * 1000 + 1000; // skip the takeover second
    let rssMax = 0;
    const end = measureFrom + SECONDS * 1000;
    while (Date.now() < measureFrom) await new Promise((r) => setTimeout(r, 10));
    const cpu0 = process.cpuUsage();
    while (Date.now() < end) {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 250));
    }
    const cpu = process.cpuUsage(cpu0);
    await running.app.close();
    const sorted = lags.sort((a, b) => a - b);
    console.log(
      `fired ${sorted.length} in ${SECONDS} s measured (${(sorted.length / SECONDS).toFixed(0)}/s; ${published} in total)`,
    );
    console.log(
      `jitter (PutEvents accepted - scheduled): min ${sorted[0]} ms, p50 ${pct(sorted, 0.5)} ms, p90 ${pct(sorted, 0.9)} ms, p99 ${pct(sorted, 0.99)} ms, max ${sorted[sorted.length - 1]} ms`,
    );
    console.log(
      `RSS while firing: max ${mb(rssMax)}; scheduler CPU ${(((cpu.user + cpu.system) / 1000 / (SECONDS * 1000)) * 100).toFixed(0)}% of one core`,
    );

    const jobs = new JobsRepository(setup.dynamo, realm);
    const q0 = performance.now();
    const items = await jobs.listByDispatcher('main');
    const queryMs = performance.now() - q0;
    const l0 = performance.now();
    const table = new ScheduleTable({ defaultTimezone: 'UTC' });
    const report = table.load(
      items.map((i) => toScheduledSpec(i)!),
      new Date(),
    );
    const listMs = performance.now() - l0;
    console.log(
      `load split: dispatcher-index query ${(queryMs / 1000).toFixed(2)} s (${items.length} items), table build from the list ${(listMs / 1000).toFixed(2)} s (${report.loaded} jobs)`,
    );
    setup.destroy();
  } finally {
    proxy?.server.close();
    child.kill('SIGTERM');
  }
}

async function seed(): Promise<void> {
  const [url, realm] = [process.argv[3] as string, process.argv[4] as string];
  await writeJobs(
    {
      AWS_ENDPOINT_URL: url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    realm,
  );
}

(SEED ? seed() : main()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
