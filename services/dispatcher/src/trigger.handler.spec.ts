import { Logger } from '@lava/logging';
import { createRenderer } from '@lava/templating';
import type { InboundRequest, Rejection } from './dispatch-body';
import { TriggerHandler } from './trigger.handler';
import { TtlMap } from './ttl-map';

const jobs: Record<string, Record<string, unknown>> = {
  'etl/load': { job_id: 'etl/load', type: 'log', worker: 'core', payload: 'x', enabled: true },
  'etl/off': { job_id: 'etl/off', type: 'log', worker: 'core', payload: 'x', enabled: false },
  'etl/maybe': { job_id: 'etl/maybe', type: 'log', worker: 'core', payload: 'x', enabled: '{{ true }}' },
};

const landing = {
  trigger_id: 'landing',
  bucket: 'acme-landing',
  prefix: 'sales/daily',
  job_id: 'etl/load',
  enabled: true,
  if_fnmatch: '*.csv',
  if_size_gt: '1KiB',
  globals: { src: 's3://{{ bucket }}/{{ key }}' },
  parameters: {
    vars: {
      day: '{{ utils.path.basename(utils.path.dirname(key)) }}',
      size: '{{ info.size }}',
      type: '{{ info.event_type }}',
    },
  },
};

function setup(
  opts: {
    triggers?: Record<string, Record<string, unknown>[]>;
    rules?: Record<string, Record<string, unknown>>;
    dedupSize?: number;
  } = {},
) {
  const dispatched: InboundRequest[] = [];
  const rejected: Rejection[] = [];
  const table: Record<string, Record<string, unknown>[]> = opts.triggers ?? {
    'acme-landing\nsales/daily': [landing],
  };
  const handler = new TriggerHandler(
    {
      realm: 'acme',
      region: 'us-east-1',
      outputLocation: 's3://acme-landing/tmp',
      dedup: new TtlMap<string>(opts.dedupSize ?? 0, 30_000),
      renderer: createRenderer(),
      logger: new Logger({ service: 'test' }, { sink: () => undefined }),
    },
    {
      triggers: { atLocation: async (bucket, prefix) => table[`${bucket}\n${prefix}`] ?? [] },
      rules: { get: async (id) => opts.rules?.[id] },
      jobs: { get: async (id) => jobs[id] },
      dispatches: {
        dispatchRequest: async (r) => void dispatched.push(r),
        publishRejection: async (r) => void rejected.push(r),
      },
    },
  );
  return { handler, dispatched, rejected };
}

function created(key: string, size: number | undefined, sequencer = '01') {
  return JSON.stringify({
    id: `e-${sequencer}`,
    'detail-type': size === undefined ? 'Object Deleted' : 'Object Created',
    source: 'aws.s3',
    time: '2024-05-01T03:00:05Z',
    region: 'ap-southeast-2',
    detail: {
      bucket: { name: 'acme-landing' },
      object: { key, ...(size === undefined ? {} : { size }), sequencer },
      reason: size === undefined ? 'DeleteObject' : 'PutObject',
    },
  });
}

describe('TriggerHandler: S3 events', () => {
  it('dispatches the job with parameters and globals rendered from the key and info', async () => {
    const { handler, dispatched, rejected } = setup();
    await handler.handle({ body: created('sales/daily/2024-05-01/part.csv', 5000), messageId: 'm1' });
    expect(rejected).toEqual([]);
    expect(dispatched).toEqual([
      expect.objectContaining({
        job_id: 'etl/load',
        parameters: { vars: { day: '2024-05-01', size: '5000', type: 'ObjectCreated:PutObject' } },
        globals: { src: 's3://acme-landing/sales/daily/2024-05-01/part.csv' },
        delay_seconds: 0,
        requested_by: 's3trigger:landing',
        idempotency_key: expect.stringMatching(/^s3trigger\/landing\/etl\/load\//),
        run_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    ]);
  });

  it.each([
    ['a key the glob does not match', created('sales/daily/2024-05-01/part.txt', 5000)],
    ['an object too small', created('sales/daily/2024-05-01/part.csv', 10)],
    ['a delete (no size)', created('sales/daily/2024-05-01/part.csv', undefined)],
    ['a key under no trigger prefix', created('sales/dailyx/part.csv', 5000)],
    ["the worker's own output prefix", created('tmp/etl/load/run/out.csv', 5000)],
  ])('starts nothing for %s', async (_name, body) => {
    const { handler, dispatched, rejected } = setup({
      triggers: {
        'acme-landing\nsales/daily': [landing],
        'acme-landing\n*': [{ ...landing, trigger_id: 'root', if_fnmatch: 'sales/daily/*.csv' }],
      },
    });
    await handler.handle({ body, messageId: 'm1' });
    expect(dispatched).toEqual([]);
    expect(rejected).toEqual([]);
  });

  it('gives the same event redelivered in another message the same idempotency key but another run_id', async () => {
    const { handler, dispatched } = setup();
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000), messageId: 'm1' });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000), messageId: 'm2' });
    expect(dispatched[0]!.idempotency_key).toBe(dispatched[1]!.idempotency_key);
    expect(dispatched[0]!.run_id).not.toBe(dispatched[1]!.run_id);
  });

  it('drops a repeat within the dedup window, but not the same message redelivered', async () => {
    const { handler, dispatched } = setup({ dedupSize: 10 });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000, '01'), messageId: 'm1' });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000, '01'), messageId: 'm1' });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000, '02'), messageId: 'm2' });
    expect(dispatched).toHaveLength(2);
  });

  it('fires every trigger of the deepest level, skipping disabled ones, one dispatch per job id', async () => {
    const { if_fnmatch: _anyName, ...anyName } = landing;
    const triggers = {
      'acme-landing\nsales/daily': [
        { ...anyName, trigger_id: 'a', job_id: ['etl/load', 'etl/maybe'] },
        { ...landing, trigger_id: 'b', enabled: false },
      ],
      'acme-landing\nsales': [{ ...landing, trigger_id: 'shadowed' }],
    };
    const { handler, dispatched } = setup({ triggers });
    await handler.handle({ body: created('sales/daily/d/a.bin', 5000), messageId: 'm1' });
    expect(dispatched.map((d) => [d.requested_by, d.job_id])).toEqual([
      ['s3trigger:a', 'etl/load'],
      ['s3trigger:a', 'etl/maybe'],
    ]);
    expect(new Set(dispatched.map((d) => d.run_id)).size).toBe(2);
  });

  it.each([
    [{ job_id: 'etl/nope' }, 'DISPATCH_UNKNOWN_JOB', 's3trigger:landing: job etl/nope does not exist'],
    [{ job_id: 'etl/off' }, 'DISPATCH_JOB_DISABLED', 's3trigger:landing: job etl/off is disabled'],
    [{ if_colour: 'red' }, 'DISPATCH_TRIGGER_INVALID', 'if_colour'],
    [{ parameters: { x: '{{ nope(' } }, 'DISPATCH_TRIGGER_RENDER_FAILED', 'parameters'],
  ])('answers a trigger with %j by a precise rejection', async (change, code, reason) => {
    const { handler, dispatched, rejected } = setup({
      triggers: { 'acme-landing\nsales/daily': [{ ...landing, ...change }] },
    });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000), messageId: 'm1' });
    expect(dispatched).toEqual([]);
    expect(rejected).toEqual([
      expect.objectContaining({
        code,
        requested_by: 's3trigger:landing',
        reason: expect.stringContaining(reason),
      }),
    ]);
  });

  it('publishes exactly the fields of the Dispatch Rejected contract, with a run_id when a job is named', async () => {
    const { handler, rejected } = setup({
      triggers: { 'acme-landing\nsales/daily': [{ ...landing, job_id: 'etl/off' }] },
    });
    await handler.handle({ body: created('sales/daily/d/a.csv', 5000), messageId: 'm1' });
    expect(rejected).toEqual([
      {
        job_id: 'etl/off',
        run_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'DISPATCH_JOB_DISABLED',
        reason: 's3trigger:landing: job etl/off is disabled',
        requested_by: 's3trigger:landing',
      },
    ]);
  });

  it('rejects a message that is no event at all, naming the problem', async () => {
    const { handler, rejected } = setup();
    await handler.handle({ body: '{"hello": 1}', messageId: 'm1' });
    expect(rejected).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_TRIGGER_EVENT_UNRECOGNISED',
        reason: expect.stringContaining('Cannot determine event format'),
      }),
    ]);
  });
});

describe('TriggerHandler: rule events', () => {
  const rule = {
    rule_id: 'orders',
    event_pattern: { source: ['shop'] },
    job_id: 'etl/load',
    enabled: true,
    parameters: { order: '{{ event.detail.order_id }}', kind: "{{ event['detail-type'] }}" },
  };
  const envelope = (id: string) =>
    JSON.stringify({
      lava_rule: 'orders',
      event: { id, source: 'shop', 'detail-type': 'Order Placed', detail: { order_id: 'A-17' } },
    });

  it('dispatches the rule job with parameters rendered from the event, keyed by the event id', async () => {
    const { handler, dispatched } = setup({ rules: { orders: rule } });
    await handler.handle({ body: envelope('ev-1'), messageId: 'm1' });
    expect(dispatched).toEqual([
      expect.objectContaining({
        job_id: 'etl/load',
        parameters: { order: 'A-17', kind: 'Order Placed' },
        idempotency_key: 'rule/orders/ev-1',
        requested_by: 'rule:orders',
      }),
    ]);
  });

  it('skips a disabled rule and rejects an event of a rule that has no record', async () => {
    const off = setup({ rules: { orders: { ...rule, enabled: false } } });
    await off.handler.handle({ body: envelope('ev-1'), messageId: 'm1' });
    expect(off.dispatched).toEqual([]);
    expect(off.rejected).toEqual([]);
    const gone = setup();
    await gone.handler.handle({ body: envelope('ev-1'), messageId: 'm1' });
    expect(gone.rejected).toEqual([
      expect.objectContaining({
        code: 'DISPATCH_TRIGGER_INVALID',
        reason: expect.stringContaining('rule orders has no record'),
      }),
    ]);
  });
});
