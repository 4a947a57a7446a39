import { verifyRunGrant } from '@lava/grants';
import type { InboundRequest } from './dispatch-body';
import { planDispatch, type PlanInput } from './dispatch-plan';

const now = new Date('2024-05-01T00:00:00Z');
const job = {
  job_id: 'etl/load',
  type: 'cmd',
  worker: 'core',
  payload: 'echo',
  owner: 'o',
  description: 'd',
  parameters: { timeout: '2h', vars: { keep: 1 }, conn_id: 'dw' },
  globals: { g: 1 },
};
const request: InboundRequest = {
  job_id: 'etl/load',
  parameters: { vars: { location: 'Quito' } },
  globals: {},
  delay_seconds: 0,
  run_id: 'r-1',
};
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  realm: 'acme',
  request,
  job,
  now,
  limits: { maxDelaySeconds: 86400, hopSeconds: 900, grantTtlSeconds: 3600 },
  deepMergeDefault: false,
  tz: 'UTC',
  ...over,
});

const { type: _type, ...withoutType } = job;

describe('planDispatch', () => {
  it('sends to lava-<realm>-<worker> with only the request inputs and a grant bound to the job connections', () => {
    const plan = planDispatch(input());
    if (plan.kind !== 'send') throw new Error(`expected send, got ${plan.kind}`);
    expect(plan.send).toMatchObject({
      worker: 'core',
      queueName: 'lava-acme-core',
      delaySeconds: 0,
      tsDispatch: '2024-05-01T00:00:00+00:00',
      parameters: { vars: { location: 'Quito' } },
      globals: {},
    });
    // A 2h job timeout outlives the 1h minimum: grant = timeout + 15 min slack.
    expect(plan.send.claims).toEqual({
      realm: 'acme',
      job_id: 'etl/load',
      run_id: 'r-1',
      worker: 'core',
      conn_ids: ['dw'],
      iat: 1714521600,
      exp: 1714521600 + 7200 + 900,
    });
  });

  it('deep-merges when the request asks for it, sending the merged maps', () => {
    const plan = planDispatch(input({ request: { ...request, deep_merge: true } }));
    expect(plan.kind === 'send' && plan.send.parameters.vars).toEqual({ keep: 1, location: 'Quito' });
  });

  it('leaves the job record out of the message, so a job edited before the run starts takes effect', () => {
    const plan = planDispatch(input({ request: { ...request, parameters: {}, globals: {} } }));
    if (plan.kind !== 'send') throw new Error(`expected send, got ${plan.kind}`);
    expect([plan.send.parameters, plan.send.globals]).toEqual([{}, {}]);
    // The grant still covers the job's connections and its timeout.
    expect(plan.send.claims.conn_ids).toEqual(['dw']);
  });

  it('rejects unknown jobs, invalid jobs and delays over the limit with precise codes', () => {
    expect(planDispatch(input({ job: undefined }))).toMatchObject({
      kind: 'reject',
      rejection: { code: 'DISPATCH_UNKNOWN_JOB', run_id: 'r-1', reason: 'No such job: etl/load' },
    });
    expect(planDispatch(input({ job: withoutType }))).toMatchObject({
      kind: 'reject',
      rejection: { code: 'DISPATCH_INVALID_JOB' },
    });
    expect(planDispatch(input({ job: { ...job, worker: 'dispatch' } }))).toMatchObject({
      kind: 'reject',
      rejection: { code: 'DISPATCH_UNKNOWN_WORKER_QUEUE' },
    });
    expect(planDispatch(input({ request: { ...request, delay_seconds: 90000 } }))).toMatchObject({
      kind: 'reject',
      rejection: { code: 'DISPATCH_BAD_DELAY' },
    });
  });

  it('delays up to one hop on the run message, and hops longer delays through the dispatch queue', () => {
    const short = planDispatch(input({ request: { ...request, delay_seconds: 900 } }));
    expect(short.kind === 'send' && short.send.delaySeconds).toBe(900);
    const long = planDispatch(input({ request: { ...request, delay_seconds: 3600 } }));
    expect(long).toMatchObject({ kind: 'defer', delaySeconds: 900, dueAt: now.getTime() + 3600_000 });
    // The hop later arrives with due_at set: the remaining delay is what counts.
    const dueAt = now.getTime() + 600_000;
    const hop = planDispatch(input({ request: { ...request, delay_seconds: 0, due_at: dueAt } }));
    expect(hop.kind === 'send' && hop.send.delaySeconds).toBe(600);
    expect(hop.kind === 'send' && hop.send.claims.exp).toBe(1714521600 + 600 + 7200 + 900);
    const late = planDispatch(
      input({ request: { ...request, delay_seconds: 0, due_at: now.getTime() - 5000 } }),
    );
    expect(late.kind === 'send' && late.send.delaySeconds).toBe(0);
  });

  it('produces claims the grant verifier accepts once signed', () => {
    const plan = planDispatch(input());
    if (plan.kind !== 'send') throw new Error('expected send');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { signRunGrant } = require('@lava/grants') as typeof import('@lava/grants');
    const secret = Buffer.alloc(32, 7);
    const token = signRunGrant(plan.send.claims, { kid: 'k1', secret });
    expect(verifyRunGrant(token, { keys: new Map([['k1', secret]]), nowSeconds: 1714521600 + 60 })).toEqual(
      plan.send.claims,
    );
  });
});
