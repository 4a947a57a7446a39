import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { JobsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { buildRunMessage, workerQueueName } from '@lava/core';
import { createDockerClient } from '@lava/docker-client';
import { CONTAINER_LABELS } from '@lava/handlers';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, uniqueRealm, type TestRealm } from '@lava/testing';

jest.setTimeout(180_000);

const aws = useAwsEndpoint();
const ROOT = resolve(__dirname, '../../..');
const IMAGE = 'debian:bookworm-slim';

/** The worker as its own process, exactly as `npm start` runs it; resolves once it is ready. */
function startWorker(env: Record<string, string>, lines: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'services/worker/src/main.ts')],
    {
      env: {
        ...process.env,
        ...env,
        LAVA_WORKER: 'core',
        LAVA_HEALTH_PORT: '0',
        LAVA_HEALTH_HOST: '127.0.0.1',
        LAVA_WAIT_SECONDS: '1',
        LAVA_HEARTBEAT_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"msg":"ready"')) done(child);
      });
    child.once('exit', (code, signal) =>
      fail(new Error(`worker exited (${code ?? signal}) before ready: ${lines.slice(-5).join('\n')}`)),
    );
  });
}

describe('docker job containers never outlive their worker (worker processes, local Docker engine)', () => {
  const docker = createDockerClient();
  let realm: TestRealm;
  let queueUrl: string;
  const workers: ChildProcess[] = [];
  const lines: string[] = [];
  const labelled = async (key: string, value: string) =>
    (await docker.listContainers({ all: true, filters: { label: [`${key}=${value}`] } })).map((c) => c.Id);

  beforeAll(async () => {
    await docker.ping().catch((err: Error) => {
      throw new Error(
        `these tests need a Docker engine (bash scripts/ensure-docker.sh --base): ${err.message}`,
      );
    });
    await docker.getImage(IMAGE).inspect();
    realm = await provisionTestRealm(aws.url(), { realm: uniqueRealm('reap') });
    await new JobsRepository(realm.clients.dynamo, realm.realm).put({
      job_id: 'long',
      type: 'docker',
      worker: 'core',
      enabled: true,
      payload: IMAGE,
      parameters: { pull: 'never', command: 'sleep 600' },
    });
    queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    for (const id of await labelled(CONTAINER_LABELS.realm, realm.realm))
      await docker.getContainer(id).remove({ force: true });
  });

  const runLong = async () => {
    const message = buildRunMessage({ realm: realm.realm, worker: 'core', job_id: 'long' });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return message.run_id;
  };
  const running = (runId: string) =>
    pollUntil(
      async () => {
        const [found] = await docker.listContainers({
          filters: { label: [`${CONTAINER_LABELS.runId}=${runId}`] },
        });
        return found?.State === 'running' ? found : undefined;
      },
      { what: `the container of run ${runId}`, timeoutMs: 90_000 },
    );
  const gone = (key: string, value: string) =>
    pollUntil(async () => ((await labelled(key, value)).length === 0 ? true : undefined), {
      what: `no container labelled ${key}=${value}`,
      timeoutMs: 60_000,
    });

  it('SIGKILL of the worker mid-run: the watchdog removes the container', async () => {
    const worker = await startWorker(realm.env, lines);
    workers.push(worker);
    const runId = await runLong();
    const container = await running(runId);
    expect(container.Labels).toMatchObject({
      [CONTAINER_LABELS.realm]: realm.realm,
      [CONTAINER_LABELS.worker]: 'core',
      [CONTAINER_LABELS.jobId]: 'long',
      [CONTAINER_LABELS.host]: hostname(),
      [CONTAINER_LABELS.pid]: String(worker.pid),
    });
    worker.kill('SIGKILL');
    await gone(CONTAINER_LABELS.runId, runId);
    expect(await labelled(CONTAINER_LABELS.realm, realm.realm)).toEqual([]);
  });

  it('a restarted worker removes orphans of dead workers on this host, and nothing else', async () => {
    const dead = workers[0]!.pid!;
    const make = async (labels: Record<string, string>) => {
      const c = await docker.createContainer({
        Image: IMAGE,
        Cmd: ['sleep', '600'],
        Labels: { [CONTAINER_LABELS.realm]: realm.realm, ...labels },
      });
      await c.start();
      return c.id;
    };
    // What a worker killed together with its watchdogs (say, the host's OOM killer) leaves behind.
    const orphan = await make({ [CONTAINER_LABELS.host]: hostname(), [CONTAINER_LABELS.pid]: String(dead) });
    // A live worker's (this test process) and another host's sharing the engine: never touched.
    const live = await make({
      [CONTAINER_LABELS.host]: hostname(),
      [CONTAINER_LABELS.pid]: String(process.pid),
    });
    const other = await make({
      [CONTAINER_LABELS.host]: `not-${hostname()}`,
      [CONTAINER_LABELS.pid]: String(dead),
    });
    workers.push(await startWorker(realm.env, lines));
    const remaining = await labelled(CONTAINER_LABELS.realm, realm.realm);
    expect(remaining).not.toContain(orphan);
    expect(remaining.sort()).toEqual([live, other].sort());
    expect(
      lines.some(
        (l) =>
          l.includes('removed docker job containers orphans of a dead worker') &&
          l.includes(orphan.slice(0, 12)),
      ),
    ).toBe(true);
  });
});
