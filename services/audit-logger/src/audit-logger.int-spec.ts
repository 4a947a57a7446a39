import { randomBytes, randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  BusPublisher,
  createAwsClients,
  deleteRealm,
  EventsRepository,
  loadAwsConfig,
  provisionRealm,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  buildLavaEvent,
  type Json,
  type LavaEventEntry,
  type RunEventDetailType,
  type RunStatus,
} from '@lava/core';
import { bootstrap, type RunningAuditLogger } from './bootstrap';

const aws = useAwsEndpoint();
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

describe('audit logger service (in-process, local AWS)', () => {
  const realm = `a${letters(7)}`;
  let clients: AwsClients;
  let audit: RunningAuditLogger;
  let auditQueue: string;
  let events: EventsRepository;

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
    auditQueue = (
      await clients.sqs.send(new GetQueueUrlCommand({ QueueName: realmNames(realm).queues.audit }))
    ).QueueUrl!;
    events = new EventsRepository(clients.dynamo, realm);
    audit = await bootstrap({
      LAVA_REALM: realm,
      AWS_ENDPOINT_URL: aws.url(),
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_LOG_LEVEL: 'error',
      LAVA_LOST_AFTER: '2s',
    });
  }, 30_000);

  afterAll(async () => {
    await audit?.stop();
    await deleteRealm(clients, realm, { deleteBucket: true }).catch(() => undefined);
    clients.destroy();
  });

  const t0 = Date.parse('2024-05-01T00:00:00Z');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  /** The one form stored, whatever the producer sent: whole seconds with the offset. */
  const stored = (s: number) => at(s).replace('.000Z', '+00:00');

  function runEvent(
    runId: string,
    detailType: RunEventDetailType,
    status: RunStatus,
    second: number,
    info: Json = null,
  ): LavaEventEntry {
    return buildLavaEvent(
      detailType,
      {
        realm,
        job_id: 'etl/load',
        run_id: runId,
        worker: 'core',
        hostname: 'host-1',
        ts_dispatch: at(0),
        status,
        ts_event: at(second),
        info,
      },
      { source: 'lava.worker' },
    );
  }

  function dispatched(runId: string, extra: Record<string, unknown> = {}): LavaEventEntry {
    return buildLavaEvent(
      'Job Dispatched',
      {
        realm,
        job_id: 'etl/load',
        run_id: runId,
        worker: 'core',
        status: 'dispatched',
        ts_dispatch: at(0),
        queue: `lava-${realm}-core`,
        ...extra,
      },
      { source: 'lava.dispatcher' },
    );
  }

  /** The SQS body a bus rule delivers, with a fixed event id (so it can be redelivered as is). */
  const envelope = (e: LavaEventEntry) =>
    JSON.stringify({
      version: '0',
      id: randomUUID(),
      source: e.Source,
      'detail-type': e.DetailType,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(e.Detail) as unknown,
    });

  async function awaitRun(runId: string, logLength: number) {
    return pollUntil(async () => {
      const item = await events.getRun('etl/load', runId);
      return item && (item.log?.length ?? 0) >= logLength ? item : undefined;
    });
  }

  async function queueEmpty(): Promise<true> {
    return pollUntil(async () => {
      const a =
        (
          await clients.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: auditQueue, AttributeNames: ['All'] }),
          )
        ).Attributes ?? {};
      return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible) === 0
        ? true
        : undefined;
    });
  }

  it('builds one item per run from bus events, in time order, whatever order they arrive in', async () => {
    const runId = randomUUID();
    const bus = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
    // Arrival order: complete, running, dispatched, starting.
    await bus.publish([runEvent(runId, 'Job Run Succeeded', 'complete', 3, { exit_status: 0, ratio: 0.5 })]);
    await awaitRun(runId, 1);
    await bus.publish([runEvent(runId, 'Job Run Started', 'running', 2, 'Iteration 1')]);
    await awaitRun(runId, 2);
    await bus.publish([dispatched(runId), runEvent(runId, 'Job Run Started', 'starting', 1)]);
    const item = await awaitRun(runId, 4);
    expect(item).toMatchObject({
      status: 'complete',
      ts_event: stored(3),
      tu_event: '2024-05-01T00:00:03',
      worker: 'core',
      hostname: 'host-1',
      ts_dispatch: stored(0),
    });
    expect(item.log).toEqual([
      {
        status: 'dispatched',
        ts_event: stored(0),
        tu_event: '2024-05-01T00:00:00',
        info: { queue: `lava-${realm}-core` },
      },
      { status: 'starting', ts_event: stored(1), tu_event: '2024-05-01T00:00:01', info: null },
      { status: 'running', ts_event: stored(2), tu_event: '2024-05-01T00:00:02', info: 'Iteration 1' },
      {
        status: 'complete',
        ts_event: stored(3),
        tu_event: '2024-05-01T00:00:03',
        info: { exit_status: 0, ratio: 0.5 },
      },
    ]);
    // What the original's readers (lava-events) can serialise: worker_id null off EC2, event ids as a list.
    const raw = await clients.dynamo.send(
      new GetCommand({
        TableName: realmNames(realm).tables.events,
        Key: { job_id: 'etl/load', run_id: runId },
      }),
    );
    expect(raw.Item!.worker_id).toBeNull();
    expect(Array.isArray(raw.Item!.event_ids)).toBe(true);
    expect(raw.Item!.event_ids).toHaveLength(4);
    expect(item.ttl).toBe(Math.floor(t0 / 1000) + 3 + 2 * 86400);
  });

  it('applies a redelivered event once, and coalesces a batch of one run', async () => {
    const runId = randomUUID();
    const bodies = [
      dispatched(runId),
      runEvent(runId, 'Job Run Started', 'starting', 1),
      runEvent(runId, 'Job Run Started', 'running', 2),
      runEvent(runId, 'Job Run Failed', 'failed', 4, 'exit 3'),
    ].map(envelope);
    // Every event twice, in one batch and again afterwards: the same event ids.
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: auditQueue,
        Entries: [...bodies, bodies[1]!, bodies[3]!].map((b, i) => ({ Id: String(i), MessageBody: b })),
      }),
    );
    await awaitRun(runId, 4);
    for (const b of bodies)
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: auditQueue, MessageBody: b }));
    await queueEmpty();
    const item = await events.getRun('etl/load', runId);
    expect(item?.log?.map((l) => l.status)).toEqual(['dispatched', 'starting', 'running', 'failed']);
    expect(item?.status).toBe('failed');
  });

  it('keeps secret access in the run log, records rejections, and acks unreadable messages', async () => {
    const runId = randomUUID();
    const bus = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: auditQueue, MessageBody: 'not an event' }));
    await bus.publish([
      runEvent(runId, 'Job Run Started', 'starting', 1),
      buildLavaEvent(
        'Secret Accessed',
        { realm, job_id: 'etl/load', run_id: runId, conn_id: 'dw', ts_event: at(2) },
        { source: 'lava.secrets-broker' },
      ),
      runEvent(runId, 'Job Run Rejected', 'rejected', 3, 'dispatch is more than 10m old'),
    ]);
    const item = await awaitRun(runId, 3);
    expect(item.status).toBe('rejected');
    expect(item.log?.map((l) => [l.status, l.info])).toEqual([
      ['starting', null],
      ['secret_accessed', { conn_id: 'dw' }],
      ['rejected', 'dispatch is more than 10m old'],
    ]);
    await queueEmpty();
  });

  it('puts a late Job Dispatched in front of the log without touching the status', async () => {
    const runId = randomUUID();
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: auditQueue,
        MessageBody: envelope(runEvent(runId, 'Job Run Started', 'starting', 1)),
      }),
    );
    await awaitRun(runId, 1);
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: auditQueue, MessageBody: envelope(dispatched(runId)) }),
    );
    const item = await awaitRun(runId, 2);
    expect(item.log?.map((l) => l.status)).toEqual(['dispatched', 'starting']);
    expect(item).toMatchObject({
      status: 'starting',
      ts_event: stored(1),
      ts_dispatch: stored(0),
      ms_first: t0,
    });
  });

  it('records a run sent to a legacy fleet as lost when not started within LAVA_LOST_AFTER, and leaves started runs alone', async () => {
    const bus = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
    const started = randomUUID();
    await bus.publish([
      dispatched(started, { legacy_worker: true }),
      runEvent(started, 'Job Run Started', 'starting', 1),
    ]);
    await awaitRun(started, 2);
    const lost = randomUUID();
    await bus.publish([dispatched(lost, { legacy_worker: true })]);
    const item = await pollUntil(async () => {
      const run = await events.getRun('etl/load', lost);
      return run?.status === 'lost' ? run : undefined;
    });
    expect(item.log?.map((l) => l.status)).toEqual(['dispatched', 'lost']);
    expect(item.log?.[1]?.info).toMatchObject({
      reason: expect.stringMatching(/^not started within 2s of dispatch/) as unknown,
      ts_dispatch: stored(0),
    });
    await queueEmpty();
    const other = await events.getRun('etl/load', started);
    expect(other?.status).toBe('starting');
    expect(other?.log?.map((l) => l.status)).toEqual(['dispatched', 'starting']);
  });
});
