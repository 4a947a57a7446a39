import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PutEventsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseS3Uri } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { GenericContainer, Wait } from 'testcontainers';

// The container tier (npm run test:containers): the compose realm of docker-compose.yml, every
// process in its own container built from this tree, driven from the host through the `lava`
// CLI and the AWS SDK, exactly as a user drives `npm run docker:up`. Unique project name and
// free host ports, so parallel runs never collide. The images must exist (docker/test-containers.js
// builds or reuses them first).
const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);
const TAG = process.env.LAVA_IMAGE_TAG || 'dev';
const PROJECT = `lava-ct-${randomBytes(3).toString('hex')}`;
const REALM = 'demo';
const SERVICES = ['scheduler', 'dispatcher', 'secrets-broker', 'worker', 'audit-logger', 'api'];
const PG_PASSWORD = `ct-${randomBytes(8).toString('hex')}`;
const MINUTE = 60_000;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

let env: NodeJS.ProcessEnv;
let endpoint: string;
let apiUrl: string;

async function compose(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'docker/compose.sh'), ...args], {
    cwd: ROOT,
    env,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

/** Container ids of one compose service (several for the scaled scheduler). */
async function containersOf(service: string): Promise<string[]> {
  return (await compose('ps', '-q', service)).split('\n').filter(Boolean);
}

async function inspect(id: string, format: string): Promise<string> {
  return (await run('docker', ['inspect', '-f', format, id])).stdout.trim();
}

/** `lava --json <argv>` from the host, as a user runs it: the repository's CLI against the realm. */
async function lava<T = unknown>(...argv: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'libs/cli/bin/lava.js'), '--json', ...argv], {
    cwd: ROOT,
    env,
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as T;
}

interface RunView {
  run_id: string;
  status: string;
}

async function dispatch(jobId: string): Promise<string> {
  const out = await lava<{ run_id?: string; runId?: string }>('dispatch', jobId);
  const runId = out.run_id ?? out.runId;
  if (!runId) throw new Error(`lava dispatch ${jobId} printed no run id: ${JSON.stringify(out)}`);
  return runId;
}

async function waitForRun(
  jobId: string,
  runId: string | undefined,
  status: string,
  timeoutMs = 2 * MINUTE,
): Promise<RunView> {
  return pollUntil(
    async () => {
      const runs = await lava<RunView[]>('runs', jobId, '-n', '50');
      return runs.find((r) => (runId === undefined || r.run_id === runId) && r.status === status);
    },
    { what: `run ${runId ?? '(any)'} of ${jobId} with status ${status}`, timeoutMs, intervalMs: 2000 },
  );
}

async function outputOf(jobId: string, runId: string): Promise<Array<{ uri: string; text: string }>> {
  return lava('logs', runId, '--job', jobId);
}

async function putRecords(kind: 'job' | 'connection', records: unknown[]): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'lava-ct-')), `${kind}s.json`);
  writeFileSync(file, JSON.stringify(records));
  await lava(kind, 'put', file);
}

beforeAll(async () => {
  const [aws, pg, maria, api] = [await freePort(), await freePort(), await freePort(), await freePort()];
  endpoint = `http://127.0.0.1:${aws}`;
  apiUrl = `http://127.0.0.1:${api}`;
  env = {
    ...process.env,
    COMPOSE_PROJECT_NAME: PROJECT,
    LAVA_IMAGE_TAG: TAG,
    LOCALSTACK_PORT: String(aws),
    LAVA_PG_PORT: String(pg),
    LAVA_MARIADB_PORT: String(maria),
    LAVA_API_PORT: String(api),
    LAVA_PG_PASSWORD: PG_PASSWORD,
    LAVA_REALM: REALM,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    // Two jobs at once are enough here.
    LAVA_WORKER_CONCURRENCY: '2',
    // docker/test-containers.js built the images just before.
    LAVA_NO_BUILD: process.env.LAVA_NO_BUILD ?? '1',
  };
  await compose('up');
}, 15 * MINUTE);

afterAll(async () => {
  if (!env) return;
  if (process.env.LAVA_CT_KEEP) return;
  await compose('down', '-v', '--remove-orphans', '-t', '30').catch((err: Error) =>
    process.stderr.write(`compose down failed: ${err.message}\n`),
  );
}, 5 * MINUTE);

describe('compose realm in containers', () => {
  it(
    'runs every service healthy, each answering /health/live inside its container',
    async () => {
      for (const service of [...SERVICES, 'localstack', 'postgres', 'mariadb']) {
        const ids = await containersOf(service);
        expect({ service, count: ids.length > 0 }).toEqual({ service, count: true });
        for (const id of ids)
          expect({ service, health: await inspect(id, '{{.State.Health.Status}}') }).toEqual({
            service,
            health: 'healthy',
          });
      }
      for (const service of SERVICES) {
        const [id] = await containersOf(service);
        const user = await inspect(id!, '{{.Config.User}}');
        expect({ service, user }).toEqual({ service, user: 'node' });
        await expect(
          run('docker', ['exec', id!, 'node', '/app/healthcheck.js', '/health/live']),
        ).resolves.toBeDefined();
      }
      const bootstrap = (
        await run('docker', [
          'ps',
          '-a',
          '-q',
          '--filter',
          `label=com.docker.compose.project=${PROJECT}`,
          '--filter',
          'label=com.docker.compose.service=bootstrap',
        ])
      ).stdout.trim();
      expect(await inspect(bootstrap.split('\n')[0]!, '{{.State.Status}} {{.State.ExitCode}}')).toBe(
        'exited 0',
      );
      expect((await containersOf('scheduler')).length).toBe(2);
    },
    5 * MINUTE,
  );

  it(
    'serves the console and the HTTP API on the published port; a run dispatched through it completes',
    async () => {
      const page = await fetch(`${apiUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>');
      const who = (await (await fetch(`${apiUrl}/api/v1/whoami`)).json()) as { role: string };
      expect(who.role).toBe('admin');
      const dispatched = await fetch(`${apiUrl}/api/v1/jobs/${encodeURIComponent('demo/hello')}/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: { vars: { who: 'api' } } }),
      });
      expect(dispatched.status).toBe(202);
      const { run_id: runId } = (await dispatched.json()) as { run_id: string };
      await waitForRun('demo/hello', runId, 'complete');
      const view = (await (await fetch(`${apiUrl}/api/v1/runs/${runId}`)).json()) as {
        run: { status: string };
      };
      expect(view.run.status).toBe('complete');
    },
    5 * MINUTE,
  );

  it(
    'completes a dispatched job, its output in S3 (read through the CLI and the SDK)',
    async () => {
      const runId = await dispatch('demo/hello');
      await waitForRun('demo/hello', runId, 'complete');
      const outputs = await outputOf('demo/hello', runId);
      const stdout = outputs.find((o) => o.text.includes('hello from demo/hello'));
      expect(stdout?.text).toContain(`hello from demo/hello, run ${runId}, who=world`);
      const { bucket, key } = parseS3Uri(stdout!.uri);
      const s3 = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      try {
        const body = await (
          await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        ).Body!.transformToString();
        expect(body).toBe(stdout!.text);
      } finally {
        s3.destroy();
      }
    },
    3 * MINUTE,
  );

  it(
    'starts jobs from events: an upload under landing/, an Order Placed event, a dispatch-topic message',
    async () => {
      const opts = {
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      };
      const s3 = new S3Client({ ...opts, forcePathStyle: true });
      const eventBridge = new EventBridgeClient(opts);
      const sns = new SNSClient(opts);
      try {
        // samples/demo/triggers/landing.yaml, seeded by the bootstrap container.
        await s3.send(
          new PutObjectCommand({
            Bucket: 'lava-demo',
            Key: 'landing/2024-05-01/ct.csv',
            Body: 'id,amount\n1,42\n',
          }),
        );
        const landed = await waitForRun('demo/landed', undefined, 'complete');
        expect((await outputOf('demo/landed', landed.run_id)).map((o) => o.text).join('')).toContain(
          'landed day=2024-05-01 object=s3://lava-demo/landing/2024-05-01/ct.csv bytes=15',
        );
        // samples/demo/rules/orders.yaml.
        const entry = { EventBusName: `lava-${REALM}`, Source: 'demo.shop', DetailType: 'Order Placed' };
        await eventBridge.send(
          new PutEventsCommand({
            Entries: [{ ...entry, Detail: JSON.stringify({ order_id: 'CT-1', customer: 'ct' }) }],
          }),
        );
        const order = await waitForRun('demo/order', undefined, 'complete');
        expect((await outputOf('demo/order', order.run_id)).map((o) => o.text).join('')).toContain(
          'order CT-1 for ct',
        );
        // The dispatch topic, delivered raw to the dispatch queue.
        await putRecords('job', [
          {
            job_id: 'ct/notified',
            type: 'cmd',
            worker: 'core',
            enabled: true,
            payload: `sh -c 'echo "who={{ vars.who }}"'`,
          },
        ]);
        const topics = (await sns.send(new ListTopicsCommand({}))).Topics ?? [];
        const topic = topics.find((t) => t.TopicArn?.endsWith(`:lava-${REALM}-dispatch`))?.TopicArn;
        await sns.send(new PublishCommand({ TopicArn: topic, Message: 'ct/notified -p vars.who=sns' }));
        const notified = await waitForRun('ct/notified', undefined, 'complete');
        expect((await outputOf('ct/notified', notified.run_id)).map((o) => o.text).join('')).toContain(
          'who=sns',
        );
      } finally {
        s3.destroy();
        eventBridge.destroy();
        sns.destroy();
      }
    },
    5 * MINUTE,
  );

  it(
    'fires the scheduled demo job (demo/heartbeat, every 30 s)',
    async () => {
      const run = await waitForRun('demo/heartbeat', undefined, 'complete', 2 * MINUTE);
      const outputs = await outputOf('demo/heartbeat', run.run_id);
      expect(outputs.map((o) => o.text).join('')).toMatch(
        new RegExp(`heartbeat at \\d\\d:\\d\\d:\\d\\d, run ${run.run_id}`),
      );
    },
    3 * MINUTE,
  );

  it(
    'runs an SQL job on PostgreSQL with its connection released by the broker container',
    async () => {
      const ssm = new SSMClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      try {
        await ssm.send(
          new PutParameterCommand({
            Name: `/lava/${REALM}/ct-pg/password`,
            Value: PG_PASSWORD,
            Type: 'SecureString',
            Overwrite: true,
          }),
        );
      } finally {
        ssm.destroy();
      }
      await putRecords('connection', [
        {
          conn_id: 'ct/pg',
          type: 'postgres',
          enabled: true,
          host: 'postgres',
          port: 5432,
          user: 'lava',
          database: 'lava',
          ssl: false,
          password: `/lava/${REALM}/ct-pg/password`,
        },
      ]);
      await putRecords('job', [
        {
          job_id: 'ct/pg-write',
          type: 'sqli',
          worker: 'core',
          enabled: true,
          parameters: { conn_id: 'ct/pg', header: true },
          payload: [
            'CREATE TABLE IF NOT EXISTS ct_persist (note text)',
            "INSERT INTO ct_persist VALUES ('kept')",
            'SELECT current_user AS who, 42 AS answer',
          ],
        },
        {
          job_id: 'ct/pg-read',
          type: 'sqli',
          worker: 'core',
          enabled: true,
          parameters: { conn_id: 'ct/pg', header: true },
          payload: 'SELECT count(*) AS kept FROM ct_persist',
        },
      ]);
      const runId = await dispatch('ct/pg-write');
      await waitForRun('ct/pg-write', runId, 'complete');
      const text = (await outputOf('ct/pg-write', runId)).map((o) => o.text).join('\n');
      expect(text).toMatch(/who.*answer/);
      expect(text).toMatch(/lava.*42/);
      const [broker] = await containersOf('secrets-broker');
      const logs = await run('docker', ['logs', broker!]);
      const released = `${logs.stdout}${logs.stderr}`
        .split('\n')
        .filter((l) => l.includes('secret released') && l.includes(runId));
      expect(released.length).toBeGreaterThan(0);
      expect(released[0]).toContain('ct/pg');
      expect(`${logs.stdout}${logs.stderr}`).not.toContain(PG_PASSWORD);
    },
    3 * MINUTE,
  );

  it(
    'drains the worker on docker stop: exit 0 within the grace period, the in-flight run completes',
    async () => {
      await putRecords('job', [
        {
          job_id: 'ct/slow',
          type: 'cmd',
          worker: 'core',
          enabled: true,
          payload: "sh -c 'sleep 40; echo drained-ok'",
          parameters: { timeout: '2m' },
        },
      ]);
      const runId = await dispatch('ct/slow');
      await waitForRun('ct/slow', runId, 'running', MINUTE);
      const [worker] = await containersOf('worker');
      const started = Date.now();
      await run('docker', ['stop', '-t', '100', worker!]);
      const seconds = (Date.now() - started) / 1000;
      expect(await inspect(worker!, '{{.State.ExitCode}} {{.State.OOMKilled}}')).toBe('0 false');
      expect(seconds).toBeLessThan(100);
      await waitForRun('ct/slow', runId, 'complete', 30_000);
      expect((await outputOf('ct/slow', runId)).map((o) => o.text).join('')).toContain('drained-ok');
      await run('docker', ['start', worker!]);
      await compose('wait');
    },
    4 * MINUTE,
  );

  it(
    'keeps the realm (AWS endpoint volume) and the PostgreSQL data across down and up',
    async () => {
      const before = await lava<RunView[]>('runs', 'demo/hello');
      expect(before.length).toBeGreaterThan(0);
      await compose('down', '-t', '60');
      expect(await containersOf('worker')).toEqual([]);
      await compose('up');
      const after = await lava<RunView[]>('runs', 'demo/hello');
      expect(after.map((r) => r.run_id)).toEqual(expect.arrayContaining(before.map((r) => r.run_id)));
      const runId = await dispatch('ct/pg-read');
      await waitForRun('ct/pg-read', runId, 'complete');
      expect((await outputOf('ct/pg-read', runId)).map((o) => o.text).join('\n')).toMatch(/kept\s+1\b/);
    },
    10 * MINUTE,
  );

  it(
    'starts the worker-full image (python3, AWS CLI, database clients, decompressors, smb/ssh clients) and it answers /health/live',
    async () => {
      const network = `${PROJECT}_default`;
      // Like the compose worker: bubblewrap needs namespaces, which Docker's defaults refuse.
      const container = await new GenericContainer(`lava/worker-full:${TAG}`)
        .withPrivilegedMode()
        .withNetworkMode(network)
        .withEnvironment({
          AWS_ENDPOINT_URL: 'http://localstack:4566',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          LAVA_REALM: REALM,
          LAVA_WORKER: 'core',
          LAVA_BROKER_URL: 'http://secrets-broker:8081',
        })
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(2 * MINUTE)
        .start();
      try {
        const tools = await container.exec([
          'sh',
          '-c',
          'python3 --version && aws --version && psql --version && mariadb --version && sqlite3 --version' +
            // pkg archives' decompressors (from the worker image) and the smb/ssh clients.
            ' && bzip2 --help 2>&1 | head -1 && xz --version | head -1 && zstd --version' +
            ' && smbclient --version && ssh -V 2>&1 && git --version' +
            // the `lava` command the email and slack connection helpers run
            ' && lava --version && lava email --help | head -1 && id -un',
        ]);
        expect(tools.exitCode).toBe(0);
        expect(tools.output).toMatch(/Python 3\.\d+/);
        expect(tools.output).toMatch(/aws-cli\/\d/);
        expect(tools.output).toMatch(/psql \(PostgreSQL\)/);
        expect(tools.output).toMatch(/bzip2, a block-sorting file compressor/);
        expect(tools.output).toMatch(/xz \(XZ Utils\) \d/);
        expect(tools.output).toMatch(/Zstandard CLI/);
        expect(tools.output).toMatch(/Version \d+\.\d+/); // smbclient
        expect(tools.output).toMatch(/OpenSSH_\d/);
        expect(tools.output).toMatch(/^Usage: lava email/m);
        expect(tools.output.trim().split('\n').pop()).toBe('node');
        const live = await container.exec(['node', '/app/healthcheck.js', '/health/live']);
        expect(live.exitCode).toBe(0);
      } finally {
        await container.stop({ timeout: 30_000 });
      }
    },
    4 * MINUTE,
  );
});
