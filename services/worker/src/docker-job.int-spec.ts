import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConnectionsRepository, JobsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { buildRunMessage, jobConnectionIds, workerQueueName } from '@lava/core';
import { GrantKeyring, signRunGrant } from '@lava/grants';
import { createDockerClient, type Docker } from '@lava/docker-client';
import { CONTAINER_LABELS } from '@lava/handlers';
import type { RunningService } from '@lava/service-kit';
import { pollUntil } from '@lava/errors';
import { ensureRegistry, findSecret, provisionTestRealm, uniqueRealm, type TestRealm } from '@lava/testing';
import { bootstrap } from './bootstrap';

jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '../../..');
const registry = ensureRegistry();
// ECR on the local endpoint serves the local registry: its tokens log in as the registry's AWS user.
const aws = useAwsEndpoint(() => ({ ecrRegistry: { host: registry.host, password: registry.ecrPassword } }));
/** PostgreSQL on 127.0.0.1 trusts local logins, so any password works; it must still never leak. */
const DB_PASSWORD = 'Docker-Db_pw"7731';
const BASE = 'debian:bookworm-slim';

/** The broker as its own process, as `npm start` runs it; resolves with its URL. */
function startBroker(
  env: Record<string, string>,
  lines: string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'services/secrets-broker/src/main.ts')],
    {
      env: {
        ...process.env,
        ...env,
        LAVA_BROKER_PORT: '0',
        LAVA_HEALTH_PORT: '0',
        LAVA_HEALTH_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"msg":"ready"'))
          done({ child, url: (JSON.parse(line) as { broker_url: string }).broker_url });
      });
    child.once('exit', (code) =>
      fail(new Error(`secrets broker exited with ${code}: ${lines.slice(-5).join('\n')}`)),
    );
  });
}

async function push(docker: Docker, repository: string, login: { username: string; password: string }) {
  const repo = `${registry.host}/${repository}`;
  await docker.getImage(BASE).tag({ repo, tag: '1' });
  const stream = await docker
    .getImage(`${repo}:1`)
    .push({ authconfig: { ...login, serveraddress: registry.host } });
  await new Promise<void>((done, fail) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) fail(new Error(`push ${repo}: ${failed}`));
      else done();
    }),
  );
  await docker.getImage(`${repo}:1`).remove();
}

describe('docker jobs through the worker (broker process, local endpoint, local registry and engine)', () => {
  const docker = createDockerClient();
  const id = uniqueRealm('dj');
  let realm: TestRealm;
  let worker: RunningService;
  let broker: { child: ChildProcess; url: string };
  let ring: GrantKeyring;
  let queueUrl: string;
  const brokerLines: string[] = [];
  const workerLines: string[] = [];
  let stdoutSpy: jest.SpyInstance;
  const privateJob = {
    job_id: 'private',
    type: 'docker',
    worker: 'core',
    enabled: true,
    payload: `lava-test/${id}-private:1`,
    parameters: {
      docker: 'reg',
      pull: 'always',
      connections: { db: 'db' },
      // Waits for the test's `go` file in the run directory, so the test can inspect it running.
      command:
        'sh -c \'echo out-ok; test -s "$LAVA_CONN_DB_PASSWORD_FILE" && echo secret-file-ok; while [ ! -e go ]; do sleep 0.2; done\'',
    },
  };
  const ecrJob = {
    job_id: 'from-ecr',
    type: 'docker',
    worker: 'core',
    enabled: true,
    payload: `lava-test/${id}-ecr:1`,
    parameters: { docker: 'ecr', pull: 'always', command: 'echo ecr-ok' },
  };

  beforeAll(async () => {
    await docker.ping();
    realm = await provisionTestRealm(aws.url(), { realm: id });
    const doc = GrantKeyring.generate('k1');
    ring = GrantKeyring.parse(JSON.stringify(doc));
    await realm.clients.secretsManager.send(
      new CreateSecretCommand({ Name: `lava/${realm.realm}/_grant-keys`, SecretString: JSON.stringify(doc) }),
    );
    const param = async (name: string, value: string) =>
      realm.clients.ssm.send(
        new PutParameterCommand({ Name: `/lava/${realm.realm}/${name}`, Value: value, Type: 'SecureString' }),
      );
    await param('registry', registry.password);
    await param('db', DB_PASSWORD);
    const connections = new ConnectionsRepository(realm.clients.dynamo, realm.realm);
    await connections.put({
      conn_id: 'reg',
      type: 'docker',
      enabled: true,
      registry: registry.host,
      user: registry.user,
      password: `/lava/${realm.realm}/registry`,
    });
    await connections.put({ conn_id: 'ecr', type: 'docker', enabled: true, registry: 'ecr' });
    await connections.put({
      conn_id: 'db',
      type: 'postgres',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
      ssl: false,
      password: `/lava/${realm.realm}/db`,
    });
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    await jobs.put(privateJob);
    await jobs.put(ecrJob);
    await push(docker, `lava-test/${id}-private`, { username: registry.user, password: registry.password });
    await push(docker, `lava-test/${id}-ecr`, { username: 'AWS', password: registry.ecrPassword });
    queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
    broker = await startBroker(realm.env, brokerLines);
    const write = process.stdout.write.bind(process.stdout);
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
      workerLines.push(String(chunk));
      return write(chunk, ...rest);
    });
    worker = await bootstrap({
      ...realm.env,
      LAVA_WORKER: 'core',
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_LOG_LEVEL: 'info',
      LAVA_BROKER_URL: broker.url,
    });
  }, 180_000);
  afterAll(async () => {
    await worker?.app.close();
    stdoutSpy?.mockRestore();
    broker?.child.kill('SIGTERM');
  });

  /** What the dispatcher does: a run message with a grant naming the job's connections. */
  const dispatch = async (job: { job_id: string; type: string; parameters: Record<string, unknown> }) => {
    const now = Math.floor(Date.now() / 1000);
    const base = { realm: realm.realm, worker: 'core', job_id: job.job_id };
    const runId = buildRunMessage(base).run_id;
    const grant = signRunGrant(
      { ...base, run_id: runId, conn_ids: jobConnectionIds(job), iat: now, exp: now + 600 },
      ring.current,
    );
    const message = buildRunMessage({ ...base, run_id: runId, grant });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return runId;
  };
  const outcome = (runId: string) =>
    pollUntil(
      async () =>
        (await realm.auditEvents()).find(
          (e) =>
            e.detail.run_id === runId && ['Job Run Succeeded', 'Job Run Failed'].includes(e['detail-type']),
        ),
      { what: `the outcome of ${runId}`, timeoutMs: 150_000 },
    );
  const stdoutOf = async (jobId: string, runId: string) =>
    (
      await realm.clients.s3.send(
        new GetObjectCommand({ Bucket: `lava-${realm.realm}`, Key: `tmp/${jobId}/${runId}/stdout` }),
      )
    ).Body!.transformToString();

  it('pulls with the registry connection, gives the container a connection file, and keeps secrets out of docker inspect', async () => {
    const runId = await dispatch(privateJob);
    const running = await pollUntil(
      async () => {
        const [c] = await docker.listContainers({
          filters: { label: [`${CONTAINER_LABELS.runId}=${runId}`] },
        });
        return c;
      },
      { what: `the container of ${runId}`, timeoutMs: 150_000 },
    );
    const inspect = await docker.getContainer(running.Id).inspect();
    const seen = JSON.stringify(inspect);
    for (const secret of [DB_PASSWORD, registry.password]) {
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    expect(inspect.Config.Env.some((e) => e.startsWith('LAVA_CONN_DB_PASSWORD_FILE='))).toBe(true);
    const runDir = inspect.Config.WorkingDir;
    writeFileSync(join(runDir, 'go'), '');
    const event = await outcome(runId);
    expect(event['detail-type']).toBe('Job Run Succeeded');
    expect(await stdoutOf('private', runId)).toBe('out-ok\nsecret-file-ok\n');
    expect(
      await docker.listContainers({ all: true, filters: { label: [`${CONTAINER_LABELS.runId}=${runId}`] } }),
    ).toEqual([]);
  });

  it('pulls an ECR image with a token the broker got from ECR GetAuthorizationToken', async () => {
    const runId = await dispatch(ecrJob);
    const event = await outcome(runId);
    expect(event['detail-type']).toBe('Job Run Succeeded');
    expect(await stdoutOf('from-ecr', runId)).toBe('ecr-ok\n');
    expect(
      (await realm.auditEvents())
        .filter((e) => e.detail.run_id === runId && e['detail-type'] === 'Secret Accessed')
        .map((e) => e.detail.conn_id),
    ).toEqual(['ecr']);
  });

  it('leaves no password or token in any log line, event, events/state item or S3 object', async () => {
    const events = await realm.auditEvents();
    for (const secret of [DB_PASSWORD, registry.password, registry.ecrPassword])
      expect(await findSecret(secret, { logs: [...brokerLines, ...workerLines], events, realm })).toEqual([]);
  });
});
