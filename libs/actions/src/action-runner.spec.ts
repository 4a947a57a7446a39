import { type ActionPorts, type BusEntry } from '@lava/core';
import { Logger } from '@lava/logging';
import type { ActionContext } from './action';
import { defaultActions } from './index';

type Calls = {
  events: BusEntry[];
  sqs: Array<{ queue: string; body: string; options: object }>;
  sns: Array<{ topic: string; message: string; subject?: string }>;
  state: Array<{ id: string; value: unknown; options: object }>;
  dispatches: unknown[];
  logs: string[];
};

function context(result: Record<string, unknown> = { exit_status: 0 }): {
  ctx: Omit<ActionContext, 'list'>;
  calls: Calls;
} {
  const calls: Calls = { events: [], sqs: [], sns: [], state: [], dispatches: [], logs: [] };
  const ports: ActionPorts = {
    dispatcher: { dispatch: async (r) => (calls.dispatches.push(r), {}), check: async () => undefined },
    putEvent: async (e) => void calls.events.push(e),
    sendSqs: async (queue, body, options) => void calls.sqs.push({ queue, body, options }),
    publishSns: async (topic, message, subject) => void calls.sns.push({ topic, message, subject }),
    putState: async (id, value, options) => void calls.state.push({ id, value, options }),
  };
  const start = new Date('2026-05-01T10:00:00Z');
  const job = {
    job_id: 'etl/load',
    type: 'cmd',
    worker: 'core',
    payload: '--',
    parameters: {},
    globals: { country: 'NZ', lava: { master_job_id: 'etl/load' } },
    state: {},
    run_id: 'r-1',
    realm: 'acme',
    ts_dispatch: start,
    ts_start: start,
    ts_ustart: start,
  };
  // Strict double for the renderer: `{{ a.b }}` lookups over job/result/globals only.
  const scope = { job, result, globals: job.globals };
  const render = (t: string) =>
    t.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, p: string) =>
      String(p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], scope) ?? ''),
    );
  return {
    calls,
    ctx: {
      job,
      realmRecord: { realm: 'acme' },
      result,
      logger: new Logger({}, { sink: (l) => calls.logs.push(l) }),
      config: (k) => ({ STATE_TTL: '1d', STATE_MAX_TTL: '2d' })[k],
      render: async (t) => render(t),
      renderJson: async (v) => JSON.parse(render(JSON.stringify(v))) as typeof v,
      ports,
    },
  };
}

describe('actions', () => {
  const runner = defaultActions();

  it('run in order and stop at the first failure with "<list> action: <type>: <cause>"', async () => {
    const { ctx, calls } = context();
    const list = [
      { action: 'log', message: 'one {{ job.job_id }}' },
      { action: 'sqs', queue: 'q' },
      { action: 'log', message: 'never' },
    ];
    await expect(runner.runList('on_success', list, ctx)).rejects.toThrow(
      'on_success action: sqs: missing keys: message',
    );
    expect(calls.logs.map((l) => JSON.parse(l).msg)).toEqual(['one etl/load']);
  });

  it('refuse unknown actions and keys outside the strict types', async () => {
    const { ctx } = context();
    await expect(runner.runList('on_fail', [{ action: 'teleport' }], ctx)).rejects.toThrow(
      'on_fail action: teleport: unknown action',
    );
    await expect(
      runner.runList('on_fail', [{ action: 'state', state_id: 's', value: 1, colour: 'red' }], ctx),
    ).rejects.toThrow('on_fail action: state: unexpected keys: colour');
  });

  it('dispatch (and its alias lava) sends all globals with lineage, rendered parameters and the delay', async () => {
    const { ctx, calls } = context();
    await runner.runList(
      'on_success',
      [
        {
          action: 'lava',
          job_id: 'etl/{{ globals.country }}',
          parameters: { from: '{{ job.job_id }}' },
          delay: '30s',
        },
      ],
      ctx,
    );
    expect(calls.dispatches).toEqual([
      {
        job_id: 'etl/NZ',
        parameters: { from: 'etl/load' },
        delay_seconds: 30,
        globals: {
          country: 'NZ',
          lava: {
            master_job_id: 'etl/load',
            parent_job_id: 'etl/load',
            parent_start: '2026-05-01T10:00:00+00:00',
            parent_ustart: '2026-05-01T10:00:00+00:00',
          },
        },
      },
    ]);
    expect(ctx.job.globals.lava).toEqual({ master_job_id: 'etl/load' });
    await expect(
      runner.runList('on_success', [{ action: 'dispatch', job_id: 'x', delay: '20m' }], ctx),
    ).rejects.toThrow('Bad delay');
  });

  it('event defaults its detail from the result, falling back to error_data.exit_status', async () => {
    const { ctx, calls } = context({ error: 'boom', error_data: { exit_status: 3 } });
    await runner.runList('on_fail', [{ action: 'event' }], ctx);
    expect(calls.events[0]).toMatchObject({ source: 'lava.acme', detailType: 'Lava Job Action' });
    expect(JSON.parse(calls.events[0]!.detail)).toEqual({
      realm: 'acme',
      worker: 'core',
      job_id: 'etl/load',
      run_id: 'r-1',
      exit_status: 3,
    });
  });

  it('sns and sqs JSON-encode non-string messages before rendering; sns truncates the subject', async () => {
    const { ctx, calls } = context();
    const subject = 'x'.repeat(150);
    await runner.runList(
      'on_success',
      [
        {
          action: 'sns',
          topic: 'arn:aws:sns:us-east-1:1:t',
          subject,
          message: { run: '{{ job.run_id }}', n: 1 },
        },
        { action: 'sqs', queue: 'q', message: 'done {{ job.job_id }}', delay: '5s' },
      ],
      ctx,
    );
    expect(calls.sns[0]).toEqual({
      topic: 'arn:aws:sns:us-east-1:1:t',
      message: '{"run":"r-1","n":1}',
      subject: 'x'.repeat(100),
    });
    expect(calls.sqs[0]).toEqual({
      queue: 'q',
      body: 'done etl/load',
      options: { delaySeconds: 5, groupId: undefined, dedupId: undefined },
    });
  });

  it('state caps the TTL, defaults the publisher and refuses reserved ids', async () => {
    const { ctx, calls } = context();
    await runner.runList(
      'on_success',
      [{ action: 'state', state_id: 'last/{{ job.job_id }}', value: { at: '{{ job.run_id }}' }, ttl: '5d' }],
      ctx,
    );
    expect(calls.state[0]).toEqual({
      id: 'last/etl/load',
      value: { at: 'r-1' },
      options: { type: 'json', ttlSeconds: 2 * 86400, publisher: 'etl/load', kmsKey: undefined },
    });
    await expect(
      runner.runList('on_success', [{ action: 'state', state_id: 'LAVA-x', value: 1 }], ctx),
    ).rejects.toThrow('must not start with "lava"');
  });

  it('only the types of the reference are registered', () => {
    expect(runner.types()).toEqual(['dispatch', 'email', 'event', 'log', 'slack', 'sns', 'sqs', 'state']);
  });
});
