import type { AuditEntry } from './audit-entry';
import { RunEventCoalescer } from './run-event-coalescer';

const entry = (run_id: string, event_id: string): AuditEntry => ({
  event_id,
  job_id: 'j',
  run_id,
  status: 'running',
  runStatus: true,
  ts_event: '2024-05-01T00:00:00Z',
  tu_event: '2024-05-01T00:00:00',
  ms: 0,
  info: null,
  attributes: {},
});

describe('RunEventCoalescer', () => {
  it('writes the events of one run that arrive together with one store call per run', async () => {
    const calls: string[][] = [];
    const coalescer = new RunEventCoalescer(
      { apply: async (es) => (calls.push(es.map((e) => e.event_id)), 'appended') },
      5,
    );
    const results = await Promise.all([
      coalescer.add(entry('r1', 'a')),
      coalescer.add(entry('r2', 'b')),
      coalescer.add(entry('r1', 'c')),
    ]);
    expect(results).toEqual(['appended', 'appended', 'appended']);
    expect(calls.sort()).toEqual([['a', 'c'], ['b']]);
  });

  it('fails every caller of a group whose write failed, and only them', async () => {
    const coalescer = new RunEventCoalescer(
      {
        apply: async (es) => {
          if (es[0]!.run_id === 'bad') throw new Error('throttled');
          return 'appended';
        },
      },
      5,
    );
    const [bad, good] = await Promise.allSettled([
      coalescer.add(entry('bad', 'a')),
      coalescer.add(entry('ok', 'b')),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'throttled' } });
    expect(good).toEqual({ status: 'fulfilled', value: 'appended' });
  });
});

describe('RunEventCoalescer timing', () => {
  const at = (run_id: string, event_id: string, status: string): AuditEntry => ({
    ...entry(run_id, event_id),
    status,
  });

  it("writes a run's group soon after its outcome, without waiting out the linger", async () => {
    const calls: string[][] = [];
    const coalescer = new RunEventCoalescer(
      { apply: async (es) => (calls.push(es.map((e) => e.event_id)), 'appended') },
      60_000,
    );
    const started = Date.now();
    await Promise.all([
      coalescer.add(at('r1', 'd', 'dispatched')),
      coalescer.add(at('r1', 's', 'starting')),
      coalescer.add(at('r1', 'c', 'complete')),
    ]);
    expect(calls).toEqual([['d', 's', 'c']]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('writes each group at the latest lingerMs after its first entry, and everything on flush', async () => {
    const calls: string[][] = [];
    const coalescer = new RunEventCoalescer(
      { apply: async (es) => (calls.push(es.map((e) => e.event_id)), 'appended') },
      20,
    );
    const first = coalescer.add(at('r1', 'a', 'running'));
    await first;
    expect(calls).toEqual([['a']]);
    const pending = coalescer.add(at('r2', 'b', 'running'));
    await coalescer.flush();
    await pending;
    expect(calls).toEqual([['a'], ['b']]);
  });
});
