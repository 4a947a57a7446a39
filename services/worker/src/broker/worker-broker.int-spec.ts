import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConnectionsRepository, JobsRepository } from '@lava/aws';
import { buildRunMessage, jobConnectionIds, workerQueueName } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { GrantKeyring, signRunGrant, signWorkerRequest, workerKeySecretId } from '@lava/grants';
import type { RunningService } from '@lava/service-kit';
import { pollUntil } from '@lava/errors';
import { findSecret, provisionTestRealm, uniqueRealm, type TestRealm } from '@lava/testing';
import { bootstrap } from '../bootstrap';

const aws = useAwsEndpoint();
const ROOT = resolve(__dirname, '../../../..');
/** PostgreSQL on 127.0.0.1 trusts local logins, so any password works; it must still never leak. */
const PASSWORD = 'Known-Pw_e2e"4242';

/** The broker as its own process, exactly as `npm start` runs it; resolves with its URL. */
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
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"msg":"ready"'))
          done({ child, url: (JSON.parse(line) as { broker_url: string }).broker_url });
      });
    }
    child.once('exit', (code) =>
      fail(new Error(`secrets broker exited with ${code}: ${lines.slice(-5).join('\n')}`)),
    );
  });
}

describe('worker and secrets broker (separate processes, real PostgreSQL)', () => {
  let realm: TestRealm;
  let worker: RunningService;
  let broker: { child: ChildProcess; url: string };
  let queueUrl: string;
  let ring: GrantKeyring;
  const brokerLines: string[] = [];
  const workerLines: string[] = [];
  const report = {
    job_id: 'report',
    type: 'sqli',
    worker: 'core',
    enabled: true,
    payload: "select 'ok' as answer, current_user as who",
    parameters: { conn_id: 'pgdw' },
  };
  /** A chain whose child names its own connection; the chain itself names none. */
  const nightly = { job_id: 'nightly', type: 'chain', worker: 'core', enabled: true, payload: ['report'] };
  let stdoutSpy: jest.SpyInstance;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url(), { realm: uniqueRealm('wb') });
    const doc = GrantKeyring.generate('k1');
    ring = GrantKeyring.parse(JSON.stringify(doc));
    await realm.clients.secretsManager.send(
      new CreateSecretCommand({ Name: `lava/${realm.realm}/_grant-keys`, SecretString: JSON.stringify(doc) }),
    );
    await realm.clients.ssm.send(
      new PutParameterCommand({ Name: `/lava/${realm.realm}/pgdw`, Value: PASSWORD, Type: 'SecureString' }),
    );
    await new ConnectionsRepository(realm.clients.dynamo, realm.realm).put({
      conn_id: 'pgdw',
      type: 'postgres',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
      ssl: false,
      password: `/lava/${realm.realm}/pgdw`,
    });
    await new JobsRepository(realm.clients.dynamo, realm.realm).put(report);
    await new JobsRepository(realm.clients.dynamo, realm.realm).put(nightly);
    queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
    broker = await startBroker(realm.env, brokerLines);
    const write = process.stdout.write.bind(process.stdout);
    // The in-process worker logs to stdout: keep every line for the leak scan.
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
      LAVA_LOG_LEVEL: 'debug',
      LAVA_BROKER_URL: broker.url,
    });
  }, 60_000);
  afterAll(async () => {
    await worker?.app.close();
    stdoutSpy?.mockRestore();
    broker?.child.kill('SIGTERM');
  });

  /** What the dispatcher does: a run message with a grant naming the job's connections. */
  const dispatch = async (connIds: string[], jobId = 'report', childIds?: string[]) => {
    const now = Math.floor(Date.now() / 1000);
    const runId = buildRunMessage({ realm: realm.realm, worker: 'core', job_id: jobId }).run_id;
    const grant = signRunGrant(
      {
        realm: realm.realm,
        job_id: jobId,
        ...(childIds ? { job_ids: childIds } : {}),
        run_id: runId,
        worker: 'core',
        conn_ids: connIds,
        iat: now,
        exp: now + 600,
      },
      ring.current,
    );
    const message = buildRunMessage({
      realm: realm.realm,
      worker: 'core',
      job_id: jobId,
      run_id: runId,
      grant,
    });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return { runId, grant };
  };
  const eventsOf = (runId: string, detailType: string) =>
    pollUntil(
      async () => {
        const hits = (await realm.auditEvents()).filter(
          (e) => e.detail.run_id === runId && e['detail-type'] === detailType,
        );
        return hits.length ? hits : undefined;
      },
      { what: `${detailType} for ${runId}`, timeoutMs: 20_000 },
    );

  it('runs a SQL job on a connection released by the broker, then refuses the finished run grant', async () => {
    const { runId, grant } = await dispatch(jobConnectionIds(report));
    await eventsOf(runId, 'Job Run Succeeded');
    expect((await eventsOf(runId, 'Secret Accessed'))[0]!.detail).toMatchObject({
      conn_id: 'pgdw',
      job_id: 'report',
      worker: 'core',
      connection_type: 'postgres',
    });
    const listed = await realm.clients.s3.send(
      new ListObjectsV2Command({ Bucket: `lava-${realm.realm}`, Prefix: `tmp/report/${runId}/` }),
    );
    const key = listed.Contents!.map((o) => o.Key!).find((k) => k.endsWith('.out'))!;
    const out = await (
      await realm.clients.s3.send(new GetObjectCommand({ Bucket: `lava-${realm.realm}`, Key: key }))
    ).Body!.transformToString();
    expect(out).toContain('ok');
    expect(out).toContain('postgres');
    // Replay from another process: the same grant and run, without the worker's key.
    const fields = { realm: realm.realm, worker: 'core', job_id: 'report', run_id: runId };
    const replay = (headers: Record<string, string>) =>
      fetch(`${broker.url}/v1/connections/pgdw`, {
        method: 'POST',
        headers: { authorization: `Bearer ${grant}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(fields),
      });
    const unsigned = await replay({});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'WORKER_SIGNATURE_MISSING' });
    // Even signed with the worker's own key, the grant is dead once its run finished.
    const { SecretString } = await realm.clients.secretsManager.send(
      new GetSecretValueCommand({ SecretId: workerKeySecretId(realm.realm, 'core') }),
    );
    const workerKey = GrantKeyring.parse(SecretString!).current;
    const signature = signWorkerRequest({ ...fields, conn_id: 'pgdw', grant }, workerKey, Date.now() / 1000);
    const late = await replay({ 'x-lava-worker-signature': signature });
    expect(late.status).toBe(403);
    expect(await late.json()).toMatchObject({ code: 'GRANT_RUN_FINISHED' });
  }, 40_000);

  it('fails the run, without the secret, when its grant does not name the connection', async () => {
    const { runId } = await dispatch([]);
    const [failed] = await eventsOf(runId, 'Job Run Failed');
    expect(JSON.stringify(failed!.detail.info)).toContain('GRANT_CONNECTION_NOT_NAMED');
    expect((await eventsOf(runId, 'Secret Denied'))[0]!.detail).toMatchObject({
      conn_id: 'pgdw',
      code: 'GRANT_CONNECTION_NOT_NAMED',
    });
  }, 40_000);

  it('releases to a chain child the connection its own record names (grant lists the child)', async () => {
    const { runId } = await dispatch([], 'nightly', ['report']);
    await eventsOf(runId, 'Job Run Succeeded');
    expect((await eventsOf(runId, 'Secret Accessed'))[0]!.detail).toMatchObject({
      conn_id: 'pgdw',
      job_id: 'nightly',
    });
    const { runId: bare } = await dispatch([], 'nightly');
    expect(JSON.stringify((await eventsOf(bare, 'Job Run Failed'))[0]!.detail.info)).toContain(
      'does not run job report',
    );
  }, 40_000);

  it('leaves the known password in no log line, event, events/state item or S3 object', async () => {
    const events = await realm.auditEvents();
    expect(events.length).toBeGreaterThan(4);
    expect(brokerLines.some((l) => l.includes('secret released'))).toBe(true);
    expect(await findSecret(PASSWORD, { logs: [...brokerLines, ...workerLines], events, realm })).toEqual([]);
  });
});
