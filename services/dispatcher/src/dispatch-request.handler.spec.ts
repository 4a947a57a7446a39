import { Logger } from '@lava/logging';
import { parseRunMessage, type FleetRecord } from '@lava/core';
import { verifyRunGrant } from '@lava/grants';
import type { ClaimOutcome } from './dispatch-claims';
import { DispatchRequestHandler } from './dispatch-request.handler';
import type { QueueSend } from './run-sender';

const secret = Buffer.alloc(32, 1);
const now = new Date('2024-05-01T00:00:00Z');

const JOBS: Record<string, Record<string, unknown>> = {
  'etl/load': { job_id: 'etl/load', type: 'log', worker: 'core', payload: 'x' },
  'etl/outer': { job_id: 'etl/outer', type: 'chain', worker: 'core', payload: ['etl/inner', 'etl/load'] },
  'etl/inner': {
    job_id: 'etl/inner',
    type: 'dag',
    worker: 'core',
    payload: { 'etl/leaf': 'etl/load' },
    parameters: {},
  },
};

const PARENT_RUN = '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11';
const FLEETS: Record<string, FleetRecord> = {
  [PARENT_RUN]: {
    parent_job_id: 'etl/load',
    parent_run_id: PARENT_RUN,
    parent_type: 'foreach',
    worker: 'core',
    policy: 'fail-fast',
    concurrency: 2,
    children: [],
    resume: { tries: 0, globals: { day: '1' } },
    version: 4,
    final: { status: 'complete' },
  },
};

function setup(opts: { claim?: ClaimOutcome; queueMissing?: boolean } = {}) {
  const sent: QueueSend[] = [];
  const published: Array<{ DetailType: string; Detail: string }> = [];
  const handler = new DispatchRequestHandler(
    {
      realm: 'acme',
      dispatchQueueUrl: 'https://sqs/lava-acme-dispatch',
      limits: { maxDelaySeconds: 86400, hopSeconds: 900, grantTtlSeconds: 3600 },
      deepMergeDefault: false,
      tz: 'UTC',
      clock: () => now,
      logger: new Logger({ service: 'test' }, { sink: () => undefined }),
    },
    {
      jobs: { get: async (id) => JOBS[id] },
      queues: { resolve: async (name) => (opts.queueMissing ? undefined : `https://sqs/${name}`) },
      claims: { claim: async () => opts.claim ?? { kind: 'claimed' } },
      grantKey: () => ({ kid: 'k1', secret }),
      outbox: {
        send: async (m) => void sent.push(m),
        publish: async (e) => void published.push(e as { DetailType: string; Detail: string }),
      },
      fleets: { get: async (id) => FLEETS[id] },
    },
  );
  const detail = (i: number) => JSON.parse(published[i]!.Detail) as Record<string, unknown>;
  return { handler, sent, published, detail };
}

const body = (detail: Record<string, unknown>) =>
  JSON.stringify({ id: 'e', source: 'lava.cli', 'detail-type': 'Dispatch Requested', detail });

describe('DispatchRequestHandler', () => {
  it('sends a signed run message, then publishes Job Dispatched, and acks', async () => {
    const { handler, sent, published, detail } = setup();
    expect(
      await handler.handle({
        body: body({ job_id: 'etl/load', idempotency_key: 'k', delay: '1h' }),
        messageId: 'm',
      }),
    ).toEqual({ kind: 'ack' });
    // One hour is beyond one hop: deferred to the dispatch queue first.
    expect(sent).toEqual([
      {
        queueUrl: 'https://sqs/lava-acme-dispatch',
        body: expect.stringContaining('lava_deferred_dispatch'),
        delaySeconds: 900,
      },
    ]);
    expect(published).toEqual([]);
    await handler.handle({ body: body({ job_id: 'etl/load', idempotency_key: 'k2' }), messageId: 'm2' });
    const msg = parseRunMessage(sent[1]!.body);
    expect(sent[1]).toMatchObject({ queueUrl: 'https://sqs/lava-acme-core', delaySeconds: 0 });
    expect(msg).toMatchObject({
      realm: 'acme',
      worker: 'core',
      job_id: 'etl/load',
      idempotency_key: 'k2',
      ts_dispatch: '2024-05-01T00:00:00+00:00',
    });
    expect(
      verifyRunGrant(msg.grant!, { keys: new Map([['k1', secret]]), nowSeconds: now.getTime() / 1000 }),
    ).toMatchObject({ run_id: msg.run_id, conn_ids: [] });
    expect(published.map((p) => p.DetailType)).toEqual(['Job Dispatched']);
    expect(detail(0)).toMatchObject({
      run_id: msg.run_id,
      status: 'dispatched',
      queue: 'lava-acme-core',
      idempotency_key: 'k2',
    });
  });

  it('names the in-process children of chain/dag/foreach jobs in the grant, transitively', async () => {
    const { handler, sent } = setup();
    await handler.handle({ body: body({ job_id: 'etl/outer' }), messageId: 'm' });
    const grant = verifyRunGrant(parseRunMessage(sent[0]!.body).grant!, {
      keys: new Map([['k1', secret]]),
      nowSeconds: now.getTime() / 1000,
    });
    expect(grant).toMatchObject({ job_id: 'etl/outer', job_ids: ['etl/inner', 'etl/load', 'etl/leaf'] });
  });

  it('resumes a fleet parent whose record is final: same run_id, its maps, tries, a fresh grant', async () => {
    const { handler, sent } = setup();
    await handler.handle({
      body: body({ job_id: 'etl/load', resume_run_id: PARENT_RUN, globals: { forged: true } }),
      messageId: 'm',
    });
    const msg = parseRunMessage(sent[0]!.body);
    expect(msg).toMatchObject({ job_id: 'etl/load', run_id: PARENT_RUN, tries: 0, globals: { day: '1' } });
    expect(msg.globals).not.toHaveProperty('forged');
    expect(
      verifyRunGrant(msg.grant!, { keys: new Map([['k1', secret]]), nowSeconds: now.getTime() / 1000 }),
    ).toMatchObject({ run_id: PARENT_RUN });
  });

  it('refuses to resume a run that is no final fleet parent of that job', async () => {
    const { handler, sent, detail } = setup();
    const other = '1b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11';
    await handler.handle({ body: body({ job_id: 'etl/load', resume_run_id: other }), messageId: 'm' });
    await handler.handle({ body: body({ job_id: 'etl/outer', resume_run_id: PARENT_RUN }), messageId: 'n' });
    expect(sent).toEqual([]);
    expect([detail(0).code, detail(1).code]).toEqual([
      'DISPATCH_FLEET_RESUME_REFUSED',
      'DISPATCH_FLEET_RESUME_REFUSED',
    ]);
  });

  it('drops a duplicate without sending or publishing', async () => {
    const { handler, sent, published } = setup({ claim: { kind: 'duplicate', run_id: 'other' } });
    expect(
      await handler.handle({ body: body({ job_id: 'etl/load', idempotency_key: 'k' }), messageId: 'm' }),
    ).toEqual({ kind: 'ack' });
    expect(sent).toEqual([]);
    expect(published).toEqual([]);
  });

  it('publishes one rejection per bad request and still dispatches the good ones', async () => {
    const { handler, sent, published, detail } = setup();
    await handler.handle({ body: '[{"job_id":"etl/load"},{"job_id":"nope"},{"job":"x"}]', messageId: 'm' });
    expect(sent).toHaveLength(1);
    const rejected = published
      .map((p, i) => [p.DetailType, detail(i).code, detail(i).job_id])
      .filter((r) => r[0] === 'Dispatch Rejected');
    expect(rejected.sort()).toEqual([
      ['Dispatch Rejected', 'DISPATCH_INVALID_REQUEST', ''],
      ['Dispatch Rejected', 'DISPATCH_UNKNOWN_JOB', 'nope'],
    ]);
  });

  it('rejects a run whose worker queue does not exist', async () => {
    const { handler, sent, detail } = setup({ queueMissing: true });
    await handler.handle({ body: body({ job_id: 'etl/load' }), messageId: 'm' });
    expect(sent).toEqual([]);
    expect(detail(0)).toMatchObject({
      code: 'DISPATCH_UNKNOWN_WORKER_QUEUE',
      job_id: 'etl/load',
      status: 'rejected',
    });
  });
});
