import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  BusPublisher,
  createAwsClients,
  createWorker,
  deleteRealm,
  JobsRepository,
  loadAwsConfig,
  provisionRealm,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { buildLavaEvent, parseRunMessage, type EventDetailInput } from '@lava/core';
import { GrantKeyring, verifyRunGrant } from '@lava/grants';
import { Logger } from '@lava/logging';
import { bootstrap, type RunningDispatcher } from './bootstrap';
import { DispatchClaims } from './dispatch-claims';
import { GrantSigningKeys } from './grant-keys';

const aws = useAwsEndpoint();
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

interface SeenEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

describe('dispatcher service (in-process, local AWS)', () => {
  const realm = `d${letters(7)}`;
  let clients: AwsClients;
  let dispatcher: RunningDispatcher;
  let workerQueue: string;
  let legacyQueue: string;
  let dispatchQueue: string;
  let auditQueue: string;
  const events: SeenEvent[] = [];

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm, { record: { legacy_workers: ['old'] } });
    workerQueue = (await createWorker(clients, realm, 'core')).queueUrl;
    legacyQueue = (await createWorker(clients, realm, 'old')).queueUrl;
    const names = realmNames(realm);
    dispatchQueue = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.dispatch })))
      .QueueUrl!;
    auditQueue = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.audit })))
      .QueueUrl!;
    const jobs = new JobsRepository(clients.dynamo, realm);
    await jobs.put({
      job_id: 'hello',
      type: 'log',
      worker: 'core',
      payload: 'hi',
      parameters: { conn_id: 'dw' },
    });
    await jobs.put({ job_id: 'stray', type: 'log', worker: 'nowhere', payload: 'hi' });
    await jobs.put({
      job_id: 'legacy',
      type: 'log',
      worker: 'old',
      payload: 'hi',
      parameters: { conn_id: 'dw' },
    });
    dispatcher = await bootstrap({
      LAVA_REALM: realm,
      AWS_ENDPOINT_URL: aws.url(),
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_DELAY_HOP_SECONDS: '1',
      LAVA_LOG_LEVEL: 'error',
    });
  }, 30_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await deleteRealm(clients, realm, { deleteBucket: true }).catch(() => undefined);
    clients.destroy();
  });

  async function requestDispatch(detail: EventDetailInput<'Dispatch Requested'>): Promise<void> {
    const entry = buildLavaEvent('Dispatch Requested', { realm, ...detail }, { source: 'lava.cli' });
    await new BusPublisher(clients.eventBridge, realmNames(realm).bus).publish([entry]);
  }

  /** Drains the audit queue into `events` and returns the first event matching `pred`. */
  async function awaitEvent(pred: (e: SeenEvent) => boolean, timeoutMs = 10_000): Promise<SeenEvent> {
    return pollUntil(
      async () => {
        const out = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: auditQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        for (const m of out.Messages ?? []) {
          const env = JSON.parse(m.Body!) as { 'detail-type': string; detail: Record<string, unknown> };
          events.push({ detailType: env['detail-type'], detail: env.detail });
          await clients.sqs.send(
            new DeleteMessageCommand({ QueueUrl: auditQueue, ReceiptHandle: m.ReceiptHandle! }),
          );
        }
        return events.find(pred);
      },
      { timeoutMs },
    );
  }

  async function receiveRuns(
    timeoutMs = 10_000,
    queueUrl = workerQueue,
  ): Promise<Array<Record<string, unknown>>> {
    const out = await pollUntil(
      async () => {
        const r = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        return r.Messages?.length ? r.Messages : undefined;
      },
      { timeoutMs },
    );
    for (const m of out)
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }),
      );
    return out.map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
  }

  async function queueDepth(url: string): Promise<number> {
    const out = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    const a = out.Attributes ?? {};
    return (
      Number(a.ApproximateNumberOfMessages) +
      Number(a.ApproximateNumberOfMessagesNotVisible) +
      Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  /** Waits until the dispatcher has taken and acknowledged everything on its queue. */
  const dispatchQueueDrained = () =>
    pollUntil(async () => ((await queueDepth(dispatchQueue)) === 0 ? true : undefined));

  it('turns a Dispatch Requested event into exactly one run message and a Job Dispatched event', async () => {
    await requestDispatch({
      job_id: 'hello',
      parameters: { day: '1' },
      idempotency_key: 'k-success',
      requested_by: 'test',
    });
    const [run, ...more] = await receiveRuns();
    expect(more).toEqual([]);
    const msg = parseRunMessage(run);
    // Only the request's own parameters travel (the worker merges the job record at run start).
    expect(msg).toMatchObject({
      realm,
      worker: 'core',
      job_id: 'hello',
      parameters: { day: '1' },
      idempotency_key: 'k-success',
    });
    expect(msg.globals).toBeUndefined();
    const dispatched = await awaitEvent(
      (e) => e.detailType === 'Job Dispatched' && e.detail.run_id === msg.run_id,
    );
    expect(dispatched.detail).toMatchObject({
      job_id: 'hello',
      worker: 'core',
      status: 'dispatched',
      queue: `lava-${realm}-core`,
      conn_ids: ['dw'],
    });
    // The grant verifies with the keyring the dispatcher created in Secrets Manager.
    const secret = await clients.secretsManager.send(
      new GetSecretValueCommand({ SecretId: `lava/${realm}/_grant-keys` }),
    );
    const keyring = GrantKeyring.parse(secret.SecretString!);
    const claims = verifyRunGrant(msg.grant!, {
      keys: keyring.all,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(claims).toMatchObject({
      realm,
      job_id: 'hello',
      run_id: msg.run_id,
      worker: 'core',
      conn_ids: ['dw'],
    });
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(3600);
    await dispatchQueueDrained();
    expect(await queueDepth(workerQueue)).toBe(0);
  });

  it('rejects an unknown job, malformed JSON and a missing worker queue without blocking the queue', async () => {
    await requestDispatch({ job_id: 'no/such/job' });
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: dispatchQueue, MessageBody: '{"job_id": "hello", ' }),
    );
    await requestDispatch({ job_id: 'stray' });
    await requestDispatch({ job_id: 'hello', requested_by: 'after-poison' });
    const unknown = await awaitEvent(
      (e) => e.detailType === 'Dispatch Rejected' && e.detail.job_id === 'no/such/job',
    );
    expect(unknown.detail).toMatchObject({
      code: 'DISPATCH_UNKNOWN_JOB',
      reason: 'No such job: no/such/job',
      run_id: expect.any(String),
    });
    const malformed = await awaitEvent(
      (e) => e.detailType === 'Dispatch Rejected' && e.detail.code === 'DISPATCH_MALFORMED_JSON',
    );
    expect(malformed.detail).toMatchObject({ job_id: '', reason: expect.stringMatching(/^Malformed JSON/) });
    const stray = await awaitEvent(
      (e) => e.detailType === 'Dispatch Rejected' && e.detail.job_id === 'stray',
    );
    expect(stray.detail).toMatchObject({
      code: 'DISPATCH_UNKNOWN_WORKER_QUEUE',
      reason: expect.stringContaining('QueueDoesNotExist'),
    });
    const runs = await receiveRuns();
    expect(runs.map((r) => r.job_id)).toEqual(['hello']);
    await dispatchQueueDrained();
  });

  it("sends the original's message form to a fleet of the original's workers (realm legacy_workers)", async () => {
    await requestDispatch({ job_id: 'legacy', parameters: { day: '1' }, idempotency_key: 'k-legacy' });
    const [run] = await receiveRuns(10_000, legacyQueue);
    // Exactly the keys a Python worker accepts: no grant, idempotency_key or schema_version.
    expect(Object.keys(run!).sort()).toEqual([
      'job_id',
      'parameters',
      'realm',
      'run_id',
      'ts_dispatch',
      'worker',
    ]);
    const dispatched = await awaitEvent(
      (e) => e.detailType === 'Job Dispatched' && e.detail.run_id === run!.run_id,
    );
    expect(dispatched.detail).toMatchObject({ worker: 'old', legacy_worker: true });
  });

  it('drops a second request with the same idempotency key', async () => {
    await requestDispatch({ job_id: 'hello', idempotency_key: 'k-dup', requested_by: 'first' });
    await requestDispatch({ job_id: 'hello', idempotency_key: 'k-dup', requested_by: 'second' });
    await dispatchQueueDrained();
    const runs = await receiveRuns();
    expect(runs).toHaveLength(1);
    const dispatched = await awaitEvent(
      (e) => e.detailType === 'Job Dispatched' && e.detail.idempotency_key === 'k-dup',
    );
    expect(dispatched.detail.run_id).toBe(runs[0]!.run_id);
    expect(await queueDepth(workerQueue)).toBe(0);
    expect(
      events.filter((e) => e.detailType === 'Job Dispatched' && e.detail.idempotency_key === 'k-dup'),
    ).toHaveLength(1);
  });

  it('honours a delay longer than one SQS hop by requeueing on the dispatch queue', async () => {
    const started = Date.now();
    await requestDispatch({ job_id: 'hello', delay: 3, requested_by: 'delayed' });
    const runs = await receiveRuns(15_000);
    expect(runs.map((r) => r.job_id)).toEqual(['hello']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    const dispatched = await awaitEvent(
      (e) => e.detailType === 'Job Dispatched' && e.detail.requested_by === 'delayed',
    );
    expect(dispatched.detail.run_id).toBe(runs[0]!.run_id);
  }, 20_000);

  it('lets the delivery that claimed an idempotency key claim it again (redelivery), and no other delivery', async () => {
    const claims = new DispatchClaims(clients.dynamo, realm, 60);
    expect(await claims.claim('k-claim', 'run-a', 'm1/0')).toEqual({ kind: 'claimed' });
    expect(await claims.claim('k-claim', 'run-a', 'm1/0')).toEqual({ kind: 'claimed' });
    // A second copy of the same request has the same run_id (derived from the key) but another delivery.
    expect(await claims.claim('k-claim', 'run-a', 'm2/0')).toEqual({ kind: 'duplicate', run_id: 'run-a' });
    // An expired claim (TTL passed, not yet deleted by DynamoDB) frees the key.
    const later = new DispatchClaims(clients.dynamo, realm, 60, () => new Date(Date.now() + 120_000));
    expect(await later.claim('k-claim', 'run-c', 'm3/0')).toEqual({ kind: 'claimed' });
  });

  it('claims many keys at once (batched): one outcome each, a second copy of a key a duplicate', async () => {
    const claims = new DispatchClaims(clients.dynamo, realm, 60);
    const keys = Array.from({ length: 30 }, (_, i) => `k-batch-${i}`);
    await claims.claim(keys[7]!, 'run-first', 'm0/0');
    const outcomes = await Promise.all([
      ...keys.map((k, i) => claims.claim(k, `run-${i}`, `m1/${i}`)),
      claims.claim(keys[3]!, 'run-3', 'm2/0'),
    ]);
    expect(outcomes[7]).toEqual({ kind: 'duplicate', run_id: 'run-first' });
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(29);
    expect(outcomes[30]).toEqual({ kind: 'duplicate', run_id: 'run-3' });
  });

  it('picks up a rotated grant key on reload', async () => {
    const quiet = new Logger({ service: 'test' }, { sink: () => undefined });
    const source = new GrantSigningKeys(clients.secretsManager, realm, quiet, 1);
    await source.start();
    try {
      const secretId = `lava/${realm}/_grant-keys`;
      const current = (await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId })))
        .SecretString!;
      expect(source.current().kid).toBe(GrantKeyring.parse(current).current.kid);
      const rotated = GrantKeyring.rotate(
        JSON.parse(current) as Parameters<typeof GrantKeyring.rotate>[0],
        'k-rotated',
      );
      await clients.secretsManager.send(
        new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(rotated) }),
      );
      await pollUntil(async () => (source.current().kid === 'k-rotated' ? true : undefined), {
        timeoutMs: 5000,
      });
    } finally {
      source.stop();
    }
  });
});
