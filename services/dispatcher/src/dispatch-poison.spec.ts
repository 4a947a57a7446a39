import { Logger } from '@lava/logging';
import { DispatchRequestHandler } from './dispatch-request.handler';
import { DEFERRED_KEY } from './dispatch-body';
import type { QueueSend } from './run-sender';

const now = new Date('2024-05-01T00:00:00Z');

function setup(
  jobs: Record<string, Record<string, unknown>> = {
    'etl/load': { job_id: 'etl/load', type: 'log', worker: 'core', payload: 'x' },
  },
) {
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
      jobs: { get: async (id) => jobs[id] },
      queues: { resolve: async (name) => `https://sqs/${name}` },
      claims: {
        claim: async (key) => {
          if (typeof key !== 'string') throw new Error('ValidationException: key must be a string');
          return { kind: 'claimed' };
        },
      },
      grantKey: () => ({ kid: 'k1', secret: Buffer.alloc(32, 1) }),
      outbox: {
        send: async (m) => void sent.push(m),
        publish: async (e) => void published.push(e as { DetailType: string; Detail: string }),
      },
    },
  );
  const rejections = () =>
    published
      .filter((p) => p.DetailType === 'Dispatch Rejected')
      .map((p) => JSON.parse(p.Detail) as { code: string; reason: string; job_id: string });
  return { handler, sent, published, rejections };
}

/** JSON text of a value nested `depth` objects deep (built as text: JSON.stringify itself overflows). */
const nested = (depth: number) => '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);

const hop = (fields: Record<string, unknown>) =>
  JSON.stringify({
    [DEFERRED_KEY]: {
      job_id: 'etl/load',
      run_id: '0b5a7c3e-2f6b-4c55-9a43-3e1b7d2a9f10',
      parameters: {},
      globals: {},
      due_at: now.getTime() + 60_000,
      ...fields,
    },
  });

describe('DispatchRequestHandler poison inputs: each is rejected precisely and acknowledged', () => {
  it.each([
    ['a raw JSON request', (p: string) => `{"job_id":"etl/load","parameters":${p}}`],
    [
      'an EventBridge request',
      (p: string) =>
        `{"id":"e","source":"lava.cli","detail-type":"Dispatch Requested","detail":{"job_id":"etl/load","parameters":${p}}}`,
    ],
    [
      'an SQS Records envelope',
      (p: string) =>
        JSON.stringify({
          Records: [{ eventSource: 'aws:sqs', body: `{"job_id":"etl/load","parameters":${p}}` }],
        }),
    ],
  ])('parameters nested 5,000 deep in %s', async (_what, body) => {
    const { handler, sent, rejections } = setup();
    await expect(handler.handle({ body: body(nested(5000)), messageId: 'm' })).resolves.toEqual({
      kind: 'ack',
    });
    expect(sent).toEqual([]);
    expect(rejections()).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_LIMIT_EXCEEDED',
        reason: expect.stringMatching(/nested more than 100 levels deep/),
      }),
    ]);
  });

  it('accepts parameters nested within the limit', async () => {
    const { handler, sent, rejections } = setup();
    await handler.handle({ body: `{"job_id":"etl/load","parameters":${nested(50)}}`, messageId: 'm' });
    expect(rejections()).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('a deferred hop with a non-string idempotency_key', async () => {
    const { handler, sent, rejections } = setup();
    await expect(
      handler.handle({ body: hop({ idempotency_key: { not: 'a string' } }), messageId: 'm' }),
    ).resolves.toEqual({ kind: 'ack' });
    expect(sent).toEqual([]);
    expect(rejections()).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_INVALID_REQUEST',
        reason: expect.stringContaining('idempotency_key must be a non-empty string'),
      }),
    ]);
  });

  it('a 250 KB job_id, over the DynamoDB key limit', async () => {
    const { handler, sent, rejections } = setup();
    const jobId = 'j'.repeat(250_000);
    await expect(
      handler.handle({ body: JSON.stringify({ job_id: jobId }), messageId: 'm' }),
    ).resolves.toEqual({ kind: 'ack' });
    expect(sent).toEqual([]);
    const [r] = rejections();
    expect(r).toMatchObject({
      code: 'DISPATCH_LIMIT_EXCEEDED',
      reason: 'job_id is 250000 bytes; at most 1024 bytes are allowed',
    });
    // The event names the job by a bounded prefix, so the rejection itself fits on the bus.
    expect(r!.job_id.length).toBeLessThanOrEqual(1024);
  });

  it('a forged deferred hop due in 2999 (beyond the maximum delay)', async () => {
    const { handler, sent, rejections } = setup();
    await handler.handle({ body: hop({ due_at: Date.parse('2999-01-01T00:00:00Z') }), messageId: 'm' });
    expect(sent).toEqual([]);
    expect(rejections()).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_BAD_DELAY',
        reason: expect.stringMatching(
          /due 2999-01-01T00:00:00.000Z, beyond the maximum delay of 86400 seconds/,
        ),
      }),
    ]);
  });

  it('a legitimate deferred hop is still honoured', async () => {
    const { handler, sent, rejections } = setup();
    await handler.handle({
      body: hop({ due_at: now.getTime() + 3600_000, idempotency_key: 'k' }),
      messageId: 'm',
    });
    expect(rejections()).toEqual([]);
    expect(sent).toEqual([
      expect.objectContaining({ queueUrl: 'https://sqs/lava-acme-dispatch', delaySeconds: 900 }),
    ]);
  });

  it('a run message larger than SQS accepts is rejected, not retried', async () => {
    const { handler, sent, rejections } = setup();
    await handler.handle({
      body: JSON.stringify({ job_id: 'etl/load', parameters: { blob: 'x'.repeat(1_100_000) } }),
      messageId: 'm',
    });
    expect(sent).toEqual([]);
    expect(rejections()).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_LIMIT_EXCEEDED',
        reason: expect.stringMatching(/run message is \d+ bytes; SQS accepts at most 1048576/),
      }),
    ]);
  });
});
