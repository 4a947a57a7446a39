import { advanceFleet, parseLavaEvent, type ChildDispatch, type FleetRecord } from '@lava/core';
import { Logger } from '@lava/logging';
import { FleetCoordinator, fleetChildOutcome, type FleetRecords } from './fleet-coordinator';

/** An in-memory record store with the DynamoDB store's version check. */
class MemoryRecords implements FleetRecords {
  record: FleetRecord;
  /** Makes the next `replace` lose a race (another coordinator wrote first). */
  loseNext = false;
  constructor(record: FleetRecord) {
    this.record = record;
  }
  async parentOf(runId: string) {
    return this.record.children.some((c) => c.run_id === runId) ? this.record.parent_run_id : undefined;
  }
  async get() {
    return structuredClone(this.record);
  }
  async replace(next: FleetRecord) {
    if (this.loseNext || next.version !== this.record.version) {
      this.loseNext = false;
      this.record = { ...this.record, version: this.record.version + 1 };
      return undefined;
    }
    this.record = { ...structuredClone(next), version: next.version + 1 };
    return structuredClone(this.record);
  }
}

const children = ['0', '1', '2'].map((key) => ({
  key,
  job_id: 'item',
  run_id: `00000000-0000-4000-8000-00000000000${key}`,
  needs: [],
  excused: false,
  globals: { n: key },
  state: 'pending' as const,
}));

function setup(policy: 'fail-fast' | 'continue' = 'fail-fast') {
  const { record } = advanceFleet({
    parent_job_id: 'each',
    parent_run_id: 'parent-run',
    parent_type: 'foreach',
    worker: 'core',
    policy,
    concurrency: 2,
    children,
    resume: { tries: 0, globals: { day: '1' } },
    version: 0,
  });
  const records = new MemoryRecords(record);
  const dispatched: ChildDispatch[] = [];
  const resumed: string[] = [];
  const coordinator = new FleetCoordinator({
    records,
    dispatch: async (r) => dispatched.push(r),
    resume: async (r) => void resumed.push(`${r.parent_job_id} ${r.parent_run_id}`),
    logger: new Logger({ service: 'test' }, { level: 'error' }),
  });
  return { records, dispatched, resumed, coordinator };
}

const event = (detailType: string, i: string, extra: Record<string, unknown> = {}) =>
  parseLavaEvent({
    source: 'lava.worker',
    'detail-type': detailType,
    detail: {
      schema_version: 1,
      realm: 'acme',
      job_id: 'item',
      run_id: `00000000-0000-4000-8000-00000000000${i}`,
      worker: 'core',
      status: detailType === 'Job Run Failed' ? 'failed' : 'complete',
      ts_event: '2026-12-07T03:00:00+00:00',
      // a worker names the fleet parent of a child it ran (run 9 is no child)
      ...(detailType !== 'Job Run Rejected' && i !== '9' ? { parent_run_id: 'parent-run' } : {}),
      ...extra,
    },
  });

describe('FleetCoordinator', () => {
  it('dispatches the next child as one ends, and resumes the parent after the last', async () => {
    const { records, dispatched, resumed, coordinator } = setup();
    await coordinator.onEvent(event('Job Run Succeeded', '0'));
    expect(dispatched.map((d) => d.idempotency_key)).toEqual(['lava.fleet/parent-run/2']);
    await coordinator.onEvent(event('Job Run Succeeded', '1'));
    await coordinator.onEvent(event('Job Run Succeeded', '2'));
    expect(records.record.final).toEqual({ status: 'complete' });
    expect(resumed).toEqual(['each parent-run']);
  });

  it('fail-fast: a failed child dispatches no more and resumes the parent at once', async () => {
    const { records, dispatched, resumed, coordinator } = setup();
    await coordinator.onEvent(event('Job Run Failed', '0', { info: { error: 'exit 3' } }));
    expect(dispatched).toEqual([]);
    expect(records.record.final).toEqual({ status: 'failed', error: 'Job item: Index 0: exit 3' });
    expect(resumed).toHaveLength(1);
  });

  it('a redelivered event re-sends only idempotent side effects', async () => {
    const { dispatched, coordinator } = setup();
    await coordinator.onEvent(event('Job Run Succeeded', '0'));
    await coordinator.onEvent(event('Job Run Succeeded', '0'));
    expect(dispatched.map((d) => d.idempotency_key)).toEqual([
      'lava.fleet/parent-run/2',
      'lava.fleet/parent-run/1',
      'lava.fleet/parent-run/2',
    ]);
  });

  it('a lost write race is retried on the fresh record', async () => {
    const { records, dispatched, coordinator } = setup('continue');
    records.loseNext = true;
    await coordinator.onEvent(event('Job Run Succeeded', '0'));
    expect(records.record.children[0]!.state).toBe('complete');
    expect(dispatched).toHaveLength(1);
  });

  it('reads no parent link for a worker outcome that names no parent, and looks one up for a rejection', async () => {
    const { records, dispatched, coordinator } = setup('continue');
    const lookups: string[] = [];
    const parentOf = records.parentOf.bind(records);
    records.parentOf = async (runId: string) => (lookups.push(runId), parentOf(runId));
    await coordinator.onEvent(event('Job Run Succeeded', '0'));
    await coordinator.onEvent(event('Job Run Failed', '9'));
    expect(lookups).toEqual([]);
    expect(records.record.children[0]!.state).toBe('complete');
    await coordinator.onEvent(event('Job Run Rejected', '1', { status: 'rejected' }));
    expect(lookups).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(records.record.children[1]!.state).toBe('failed');
    expect(dispatched.length).toBeGreaterThan(0);
  });

  it('ignores runs that are no fleet child', async () => {
    const { records, coordinator } = setup();
    const before = structuredClone(records.record);
    await coordinator.onEvent(event('Job Run Succeeded', '9'));
    expect(records.record).toEqual(before);
  });
});

describe('fleetChildOutcome', () => {
  it('reads outcomes from terminal events only', () => {
    expect(fleetChildOutcome(event('Job Run Succeeded', '0'))).toEqual({
      run_id: '00000000-0000-4000-8000-000000000000',
      failed: false,
    });
    expect(fleetChildOutcome(event('Job Run Failed', '0', { info: { error: 'boom' } }))?.error).toBe('boom');
    const running = parseLavaEvent({
      source: 'lava.worker',
      'detail-type': 'Job Run Started',
      detail: { ...event('Job Run Succeeded', '0').detail, status: 'running' },
    });
    expect(fleetChildOutcome(running)).toBeUndefined();
  });
});
