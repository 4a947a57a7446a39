import {
  advanceFleet,
  fleetChildRunId,
  fleetDispatch,
  settleFleetChild,
  type FleetChild,
  type FleetRecord,
} from './fleet';

const child = (key: string, extra: Partial<FleetChild> = {}): FleetChild => ({
  key,
  job_id: `job-${key}`,
  run_id: `run-${key}`,
  needs: [],
  excused: false,
  globals: {},
  state: 'pending',
  ...extra,
});

const fleet = (children: FleetChild[], extra: Partial<FleetRecord> = {}): FleetRecord => ({
  parent_job_id: 'parent',
  parent_run_id: 'p-run',
  parent_type: 'foreach',
  worker: 'core',
  policy: 'fail-fast',
  concurrency: 2,
  children,
  resume: { tries: 0 },
  version: 3,
  ...extra,
});

const states = (r: FleetRecord) => r.children.map((c) => `${c.key}:${c.state}`).join(' ');

/** Settles `key` and advances, as the coordinator does for one child's terminal event. */
function step(r: FleetRecord, key: string, failed = false): ReturnType<typeof advanceFleet> {
  return advanceFleet(settleFleetChild(r, { run_id: `run-${key}`, failed, error: 'exit 3' }).record);
}

describe('advanceFleet', () => {
  it('starts at most `concurrency` children, in order, and one more as each ends', () => {
    const start = advanceFleet(fleet([child('0'), child('1'), child('2'), child('3')]));
    expect(start.dispatch.map((c) => c.key)).toEqual(['0', '1']);
    expect(states(start.record)).toBe('0:dispatched 1:dispatched 2:pending 3:pending');
    const next = step(start.record, '1');
    expect(next.dispatch.map((c) => c.key)).toEqual(['2']);
    expect(next.record.final).toBeUndefined();
  });

  it('is final and complete when every child completed', () => {
    let r = advanceFleet(fleet([child('0'), child('1')])).record;
    r = step(r, '0').record;
    const last = step(r, '1');
    expect(last.record.final).toEqual({ status: 'complete' });
    expect(last.dispatch).toEqual([]);
  });

  it('fail-fast: a failure dispatches nothing more and is final at once', () => {
    const r = advanceFleet(fleet([child('0'), child('1'), child('2')])).record;
    const after = step(r, '0', true);
    expect(after.dispatch).toEqual([]);
    expect(after.record.final).toEqual({ status: 'failed', error: 'Job job-0: Index 0: exit 3' });
    expect(states(after.record)).toBe('0:failed 1:dispatched 2:not_run');
  });

  it('continue: the rest run, and the fleet fails once nothing is in flight', () => {
    let r = advanceFleet(fleet([child('0'), child('1'), child('2')], { policy: 'continue' })).record;
    const afterFail = step(r, '0', true);
    expect(afterFail.dispatch.map((c) => c.key)).toEqual(['2']);
    expect(afterFail.record.final).toBeUndefined();
    r = step(afterFail.record, '1').record;
    const last = step(r, '2');
    expect(last.record.final).toEqual({ status: 'failed', error: 'Job job-0: Index 0: exit 3' });
  });

  it('an excused failure (can_fail) fails nothing', () => {
    const r = advanceFleet(fleet([child('0', { excused: true })])).record;
    expect(step(r, '0', true).record.final).toEqual({ status: 'complete' });
  });

  it('dag: a member starts once its needs completed; needs of a failed member are not run', () => {
    const dag = fleet(
      [
        child('A'),
        child('B', { needs: ['A'] }),
        child('C', { needs: ['A'] }),
        child('D', { needs: ['B', 'C'] }),
      ],
      { parent_type: 'dag', policy: 'continue', concurrency: 5 },
    );
    const start = advanceFleet(dag);
    expect(start.dispatch.map((c) => c.key)).toEqual(['A']);
    const afterA = step(start.record, 'A');
    expect(afterA.dispatch.map((c) => c.key)).toEqual(['B', 'C']);
    const afterB = step(afterA.record, 'B', true);
    expect(states(afterB.record)).toBe('A:complete B:failed C:dispatched D:not_run');
    expect(step(afterB.record, 'C').record.final).toEqual({ status: 'failed', error: 'Job job-B: exit 3' });
  });

  it('an empty fleet is final and complete at once', () => {
    expect(advanceFleet(fleet([])).record.final).toEqual({ status: 'complete' });
  });
});

describe('settleFleetChild', () => {
  it('settles a child once: a redelivered event changes nothing', () => {
    const r = advanceFleet(fleet([child('0')])).record;
    const first = settleFleetChild(r, { run_id: 'run-0', failed: false });
    expect(first.changed).toBe(true);
    expect(settleFleetChild(first.record, { run_id: 'run-0', failed: true }).changed).toBe(false);
    expect(settleFleetChild(r, { run_id: 'someone-else', failed: false }).changed).toBe(false);
  });
});

describe('fleet ids', () => {
  it('a child run_id is stable and distinct per parent and key', () => {
    expect(fleetChildRunId('acme', 'p', '0')).toBe(fleetChildRunId('acme', 'p', '0'));
    expect(fleetChildRunId('acme', 'p', '0')).not.toBe(fleetChildRunId('acme', 'p', '1'));
    expect(fleetChildRunId('acme', 'p', '0')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a dispatch carries the idempotency key that gives the child its run_id', () => {
    const r = fleet([child('0', { globals: { name: 'a' } })]);
    expect(fleetDispatch(r, r.children[0]!)).toEqual({
      job_id: 'job-0',
      globals: { name: 'a' },
      idempotency_key: 'lava.fleet/p-run/0',
      requested_by: 'foreach parent (p-run)',
    });
  });
});
