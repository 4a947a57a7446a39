import { RunParkedError, type FleetPort, type FleetRecord } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { DagHandler } from '../types/dag.handler';
import { ForeachHandler } from '../types/foreach.handler';

/** A fleet port over one in-memory record, as the runner binds the DynamoDB store to a run. */
function memoryFleet(): FleetPort & { stored?: FleetRecord } {
  const port: FleetPort & { stored?: FleetRecord } = {
    find: async () => port.stored && structuredClone(port.stored),
    open: async (draft) => {
      port.stored ??= { ...draft, worker: 'core', resume: { tries: 0 }, version: 0 };
      return structuredClone(port.stored);
    },
  };
  return port;
}

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

const foreachJob = (parameters: Record<string, unknown> = {}) =>
  makeJob({
    type: 'foreach',
    payload: 'etl/child',
    parameters: {
      mode: 'fleet',
      concurrency: 2,
      foreach: { type: 'inline', values: [{ a: 1 }, { a: 2 }, { a: 3 }] },
      ...parameters,
    },
  });

describe('foreach and dag in fleet mode (handler side)', () => {
  it('stores the fleet, dispatches the first `concurrency` children with their keys, and parks', async () => {
    const f = makeContext(foreachJob());
    const fleet = memoryFleet();
    f.ctx.fleet = fleet;
    const err = await caught(new ForeachHandler().run(f.ctx));
    expect(err).toBeInstanceOf(RunParkedError);
    expect(f.children).toEqual([]);
    expect(f.dispatched.map((d) => [d.job_id, d.idempotency_key, d.globals?.a])).toEqual([
      ['etl/child', `lava.fleet/${f.ctx.job.run_id}/0`, 1],
      ['etl/child', `lava.fleet/${f.ctx.job.run_id}/1`, 2],
    ]);
    const lava = f.dispatched[1]!.globals!.lava as Record<string, unknown>;
    expect(lava).toMatchObject({ foreach_index: 1, parent_run_id: f.ctx.job.run_id });
    expect(fleet.stored?.children.map((c) => c.state)).toEqual(['dispatched', 'dispatched', 'pending']);
  });

  it('a redelivered parent re-sends only the dispatches in flight (same keys), never re-plans', async () => {
    const fleet = memoryFleet();
    const first = makeContext(foreachJob());
    first.ctx.fleet = fleet;
    await caught(new ForeachHandler().run(first.ctx));
    const again = makeContext({
      ...first.ctx.job,
      parameters: { ...first.ctx.job.parameters, foreach: 'bad' },
    });
    again.ctx.fleet = fleet;
    expect(await caught(new ForeachHandler().run(again.ctx))).toBeInstanceOf(RunParkedError);
    expect(again.dispatched.map((d) => d.idempotency_key)).toEqual(
      first.dispatched.map((d) => d.idempotency_key),
    );
  });

  it('the resumed parent reports the final record: complete, or failed with its result', async () => {
    const fleet = memoryFleet();
    const f = makeContext(foreachJob());
    f.ctx.fleet = fleet;
    await caught(new ForeachHandler().run(f.ctx));
    fleet.stored!.children.forEach((c) => (c.state = 'complete'));
    fleet.stored!.final = { status: 'complete' };
    expect(await new ForeachHandler().run(f.ctx)).toMatchObject({
      exit_status: 0,
      mode: 'fleet',
      foreach_len: 3,
      jobs_completed: 3,
      failed_indexes: [],
    });
    fleet.stored!.children[1]!.state = 'failed';
    fleet.stored!.final = { status: 'failed', error: 'Job etl/child: Index 1: exit 3' };
    const err = (await caught(new ForeachHandler().run(f.ctx))) as Error & { data?: Record<string, unknown> };
    expect(err.message).toBe('Job etl/child: Index 1: exit 3');
    expect(err.data).toMatchObject({ exit_status: 1, failed_indexes: [1], jobs_completed: 2 });
  });

  it('a dag starts only members without predecessors', async () => {
    const job = makeJob({
      type: 'dag',
      payload: { d: ['b', 'c'], b: 'a', c: 'a' },
      parameters: { mode: 'fleet' },
    });
    const f = makeContext(job);
    f.ctx.fleet = memoryFleet();
    expect(await caught(new DagHandler().run(f.ctx))).toBeInstanceOf(RunParkedError);
    expect(f.dispatched.map((d) => d.job_id)).toEqual(['a']);
  });

  it('fails clearly without a fleet port (an in-process child) or with an undispatchable child', async () => {
    const bare = makeContext(foreachJob());
    expect(((await caught(new ForeachHandler().run(bare.ctx))) as Error).message).toMatch(
      /^mode fleet needs a run of its own/,
    );
    const f = makeContext(foreachJob(), { undispatchable: { 'etl/child': 'etl/child: no such job' } });
    f.ctx.fleet = memoryFleet();
    expect(((await caught(new ForeachHandler().run(f.ctx))) as Error).message).toBe(
      'Cannot dispatch etl/child: no such job',
    );
    expect(f.dispatched).toEqual([]);
  });
});
