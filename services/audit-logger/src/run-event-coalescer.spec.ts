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
