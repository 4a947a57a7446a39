import { type JobFailedError } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { ChainHandler } from './chain.handler';
import { DispatchHandler } from './dispatch.handler';
import { LogHandler } from './log.handler';

describe('chain handler', () => {
  it('runs children in order from `start`, with the prefix', async () => {
    const f = makeContext(
      makeJob({ type: 'chain', payload: 'a, b ,c', parameters: { job_prefix: 'etl/', start: 'b' } }),
    );
    expect(await new ChainHandler().run(f.ctx)).toEqual({
      exit_status: 0,
      jobs: ['etl/b', 'etl/c'],
      failed_jobs: [],
    });
    expect(f.children.map((c) => c.jobId)).toEqual(['etl/b', 'etl/c']);
  });

  it('stops at a failing child unless it matches can_fail', async () => {
    const failed = { status: 'failed', result: { error: 'exit 3' } };
    const tolerant = makeContext(
      makeJob({ type: 'chain', payload: ['x/a', 'y/b', 'x/c'], parameters: { can_fail: 'y/*' } }),
      { childOutcomes: { 'y/b': failed } },
    );
    expect(await new ChainHandler().run(tolerant.ctx)).toEqual({
      exit_status: 0,
      jobs: ['x/a', 'x/c'],
      failed_jobs: ['y/b'],
    });

    const strict = makeContext(makeJob({ type: 'chain', payload: ['x/a', 'y/b', 'x/c'] }), {
      childOutcomes: { 'y/b': failed },
    });
    await expect(new ChainHandler().run(strict.ctx)).rejects.toMatchObject({
      message: 'Job y/b: exit 3',
      data: { exit_status: 1, jobs: ['x/a'], failed_jobs: ['y/b'] },
    });
    expect(strict.children.map((c) => c.jobId)).toEqual(['x/a', 'y/b']);
  });

  it('fails on an empty chain or a missing start', async () => {
    await expect(
      new ChainHandler().run(makeContext(makeJob({ type: 'chain', payload: '' })).ctx),
    ).rejects.toThrow('Job chain is empty');
    await expect(
      new ChainHandler().run(
        makeContext(makeJob({ type: 'chain', payload: 'a', parameters: { start: 'z' } })).ctx,
      ),
    ).rejects.toThrow('Requested start job z is not present in the chain');
  });
});

describe('dispatch handler', () => {
  it('dispatches each target with rendered parameters and lineage globals, leaving its own globals alone', async () => {
    const job = makeJob({
      type: 'dispatch',
      payload: 'a,b',
      globals: { country: 'NZ' },
      parameters: { job_prefix: 'etl/', delay: '30s', parameters: { who: '{{ job.job_id }}' } },
    });
    const f = makeContext(job);
    const result = await new DispatchHandler().run(f.ctx);
    expect(result).toEqual({ exit_status: 0, jobs: ['etl/a', 'etl/b'], run_ids: ['run-1', 'run-2'] });
    expect(f.dispatched[0]).toEqual({
      job_id: 'etl/a',
      parameters: { who: 'demo/job' },
      delay_seconds: 30,
      globals: {
        country: 'NZ',
        lava: {
          parent_job_id: 'demo/job',
          parent_start: '2026-01-02T03:04:05+00:00',
          parent_ustart: '2026-01-02T03:04:05+00:00',
          dispatch_hops: 1,
        },
      },
    });
    expect(job.globals).toEqual({ country: 'NZ' });
  });

  it('refuses to dispatch itself, bad delays and long dispatch lineages', async () => {
    await expect(
      new DispatchHandler().run(makeContext(makeJob({ type: 'dispatch', payload: 'demo/job' })).ctx),
    ).rejects.toThrow('Circular dispatch not permitted');
    await expect(
      new DispatchHandler().run(
        makeContext(makeJob({ type: 'dispatch', payload: 'x', parameters: { delay: '16m' } })).ctx,
      ),
    ).rejects.toThrow('Bad delay');
    const deep = makeJob({ type: 'dispatch', payload: 'x', globals: { lava: { dispatch_hops: 16 } } });
    await expect(new DispatchHandler().run(makeContext(deep).ctx)).rejects.toThrow(
      'Dispatch chain longer than 16 hops',
    );
  });

  it('fails its own run, dispatching nothing, when a target has no job record or no worker queue', async () => {
    const f = makeContext(makeJob({ type: 'dispatch', payload: 'ok,ghost,stray' }), {
      undispatchable: {
        ghost: 'No such job: ghost',
        stray: 'Job stray: worker "gpu" has no queue (lava-demo-gpu does not exist)',
      },
    });
    const err = await new DispatchHandler().run(f.ctx).then(
      () => undefined,
      (e: unknown) => e as JobFailedError,
    );
    expect(err).toMatchObject({ code: 'DISPATCH_TARGET_UNKNOWN' });
    expect(err?.message).toBe(
      'Cannot dispatch No such job: ghost; Job stray: worker "gpu" has no queue (lava-demo-gpu does not exist)',
    );
    expect(err?.data).toMatchObject({
      exit_status: 1,
      undispatched: [{ job_id: 'ghost' }, { job_id: 'stray' }],
    });
    expect(f.dispatched).toEqual([]);
  });
});

describe('log handler', () => {
  it('logs the augmented spec and succeeds', async () => {
    const f = makeContext(makeJob({ type: 'log' }));
    expect(await new LogHandler().run(f.ctx)).toEqual({ exit_status: 0 });
    expect(JSON.parse(f.logLines[0]!)).toMatchObject({
      msg: 'Job specification',
      job: { job_id: 'demo/job' },
    });
  });
});
