import { ScheduleTable } from './schedule-table';

const at = (s: string): Date => new Date(s);
const keys = (fires: { idempotencyKey: string }[]): string[] => fires.map((f) => f.idempotencyKey);

function table(now = '2024-01-01T00:00:00Z'): ScheduleTable {
  const t = new ScheduleTable({ defaultTimezone: 'UTC' });
  t.load(
    [
      { jobId: 'a', schedule: '*/5 * * * *' },
      { jobId: 'b', schedule: [{ crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' }, '0 2 * * *'] },
      { jobId: 'c', schedule: '0 3 * * *', enabled: false },
    ],
    at(now),
  );
  return t;
}

describe('ScheduleTable', () => {
  it('loads jobs, skips disabled ones from the heap and reports bad ones', () => {
    const t = new ScheduleTable({ defaultTimezone: 'UTC' });
    const report = t.load(
      [
        { jobId: 'ok', schedule: '@hourly' },
        { jobId: 'bad', schedule: '99 * * * *' },
        { jobId: 'off', schedule: '@hourly', enabled: false },
      ],
      at('2024-01-01T00:00:00Z'),
    );
    expect(report.loaded).toBe(2);
    expect(report.problems.map((p) => [p.jobId, p.error.message])).toEqual([
      ['bad', expect.stringContaining('Bad schedule entry 1: Bad minute field "99"')],
    ]);
    expect([t.size, t.pending]).toEqual([2, 1]);
  });

  it('takes due fires in time order with idempotency keys and reschedules them', () => {
    const t = table();
    expect(t.takeDue(at('2024-01-01T00:04:59Z'))).toEqual([]);
    const fires = t.takeDue(at('2024-01-01T00:10:00Z'));
    expect(keys(fires)).toEqual(['a@2024-01-01T00:05:00.000Z', 'a@2024-01-01T00:10:00.000Z']);
    expect(fires[0]?.scheduledAt).toEqual(at('2024-01-01T00:05:00Z'));
    expect(t.dueAt('a')).toEqual(at('2024-01-01T00:15:00Z'));
    expect(t.nextDueAt()).toEqual(at('2024-01-01T00:15:00Z'));
    expect(keys(t.takeDue(at('2024-01-01T02:00:00Z'))).filter((k) => k.startsWith('b'))).toEqual([
      'b@2024-01-01T02:00:00.000Z',
    ]);
  });

  it('never fires a disabled job (11.4 job c)', () => {
    const t = table();
    expect(keys(t.takeDue(at('2024-01-02T00:00:00Z'))).some((k) => k.startsWith('c@'))).toBe(false);
  });

  it('applies an edit at once, including a slot between the last take and the next', () => {
    const t = table();
    t.takeDue(at('2024-01-01T00:00:30Z'));
    t.upsert({ jobId: 'b', schedule: '* * * * *' });
    expect(t.dueAt('b')).toEqual(at('2024-01-01T00:01:00Z'));
    expect(keys(t.takeDue(at('2024-01-01T00:01:00Z')))).toEqual(['b@2024-01-01T00:01:00.000Z']);
  });

  it('does not refire a slot when a job is re-upserted unchanged after firing', () => {
    const t = table();
    expect(keys(t.takeDue(at('2024-01-01T00:05:00Z')))).toEqual(['a@2024-01-01T00:05:00.000Z']);
    t.upsert({ jobId: 'a', schedule: '*/5 * * * *' });
    expect(t.dueAt('a')).toEqual(at('2024-01-01T00:10:00Z'));
  });

  it('disables, re-enables and deletes single jobs', () => {
    const t = table();
    t.upsert({ jobId: 'a', schedule: '*/5 * * * *', enabled: false });
    expect(t.dueAt('a')).toBeUndefined();
    t.upsert({ jobId: 'a', schedule: '*/5 * * * *' });
    expect(t.dueAt('a')).toEqual(at('2024-01-01T00:05:00Z'));
    expect(t.delete('a')).toBe(true);
    expect(t.get('a')).toBeUndefined();
    expect(keys(t.takeDue(at('2024-01-01T00:30:00Z')))).toEqual([]);
  });

  it('keeps the previous schedule when an edit is invalid', () => {
    const t = table();
    expect(() => t.upsert({ jobId: 'a', schedule: 'nope' })).toThrow('Bad schedule entry 1');
    expect(t.dueAt('a')).toEqual(at('2024-01-01T00:05:00Z'));
  });

  it('checks from/to windows at fire time', () => {
    const t = new ScheduleTable({ defaultTimezone: 'UTC' });
    t.load(
      [
        {
          jobId: 'w',
          schedule: { crontab: '*/10 * * * *', from: '2024-01-01T00:15:00Z', to: '2024-01-01T00:40:00Z' },
        },
      ],
      at('2024-01-01T00:00:00Z'),
    );
    expect(keys(t.takeDue(at('2024-01-01T01:00:00Z')))).toEqual([
      'w@2024-01-01T00:20:00.000Z',
      'w@2024-01-01T00:30:00.000Z',
      'w@2024-01-01T00:40:00.000Z',
    ]);
    expect(t.dueAt('w')).toBeUndefined();
  });

  it('honours a limit without losing the remaining due fires', () => {
    const t = new ScheduleTable({ defaultTimezone: 'UTC' });
    t.load(
      ['x', 'y', 'z'].map((jobId) => ({ jobId, schedule: '* * * * *' })),
      at('2024-01-01T00:00:00Z'),
    );
    expect(keys(t.takeDue(at('2024-01-01T00:01:00Z'), 2))).toEqual([
      'x@2024-01-01T00:01:00.000Z',
      'y@2024-01-01T00:01:00.000Z',
    ]);
    t.upsert({ jobId: 'z', schedule: '* * * * *' });
    expect(keys(t.takeDue(at('2024-01-01T00:01:00Z')))).toEqual(['z@2024-01-01T00:01:00.000Z']);
  });

  it('lists @reboot fires at start-up', () => {
    const t = new ScheduleTable({ defaultTimezone: 'UTC' });
    t.load(
      [
        { jobId: 'r', schedule: '@reboot' },
        { jobId: 'q', schedule: '@hourly' },
        { jobId: 'off', schedule: '@reboot', enabled: false },
      ],
      at('2024-01-01T00:00:00Z'),
    );
    expect(keys(t.rebootFires(at('2024-01-01T00:00:03Z')))).toEqual(['r@2024-01-01T00:00:03.000Z']);
    expect(t.dueAt('r')).toBeUndefined();
  });

  it('refuses upsert before load', () => {
    expect(() =>
      new ScheduleTable({ defaultTimezone: 'UTC' }).upsert({ jobId: 'a', schedule: '@daily' }),
    ).toThrow('load()');
  });
});
