import { ScheduleInvalidError } from './errors';
import { compileJobSchedule } from './job-schedule';

const UTC = { defaultTimezone: 'UTC' };
const iso = (d: Date | null): string | null => d && d.toISOString();

function nexts(schedule: ReturnType<typeof compileJobSchedule>, after: string, n: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t: Date | null = new Date(after);
  for (let i = 0; i < n && t; i++) {
    t = schedule.nextDue(t);
    out.push(iso(t));
  }
  return out;
}

describe('compileJobSchedule', () => {
  it('compiles a string, applying defaults', () => {
    const s = compileJobSchedule({ jobId: 'a', schedule: ' */5 * * * * ' }, UTC);
    expect(s).toMatchObject({ jobId: 'a', tz: 'UTC', catchupSeconds: 300, enabled: true });
    expect(s.entries.map((e) => e.crontab)).toEqual(['*/5 * * * *']);
    expect(iso(s.nextDue(new Date('2024-01-01T00:01:00Z')))).toBe('2024-01-01T00:05:00.000Z');
  });

  it('takes the earliest fire over a list of entries', () => {
    const s = compileJobSchedule({ jobId: 'b', schedule: ['0 2 * * *', { crontab: '30 1 * * *' }] }, UTC);
    expect(nexts(s, '2024-01-01T00:00:00Z', 3)).toEqual([
      '2024-01-01T01:30:00.000Z',
      '2024-01-01T02:00:00.000Z',
      '2024-01-02T01:30:00.000Z',
    ]);
  });

  it('keeps the 11.4 example: an entry whose window ended never fires, the other still does', () => {
    const s = compileJobSchedule(
      { jobId: 'b', schedule: [{ crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' }, '0 2 * * *'] },
      UTC,
    );
    expect(nexts(s, '2024-05-01T00:00:00Z', 2)).toEqual([
      '2024-05-01T02:00:00.000Z',
      '2024-05-02T02:00:00.000Z',
    ]);
  });

  it('fires only inside a from <= to window, checked at fire time', () => {
    const s = compileJobSchedule(
      {
        jobId: 'w',
        schedule: { crontab: '0 12 * * *', from: '2024-03-10T12:00:00Z', to: '2024-03-12T12:00:00Z' },
      },
      UTC,
    );
    expect(nexts(s, '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-03-10T12:00:00.000Z',
      '2024-03-11T12:00:00.000Z',
      '2024-03-12T12:00:00.000Z',
      null,
    ]);
  });

  it('with from > to suspends the gap (to, from) and fires outside it', () => {
    const s = compileJobSchedule(
      { jobId: 'w', schedule: { crontab: '0 0 * * *', from: '2023-08-01', to: '2023-07-01' } },
      UTC,
    );
    expect(nexts(s, '2023-06-29T12:00:00Z', 4)).toEqual([
      '2023-06-30T00:00:00.000Z',
      '2023-07-01T00:00:00.000Z',
      '2023-08-01T00:00:00.000Z',
      '2023-08-02T00:00:00.000Z',
    ]);
  });

  it('reads naive from/to in the job time zone', () => {
    const s = compileJobSchedule(
      {
        jobId: 'tz',
        timezone: 'Australia/Sydney',
        schedule: { crontab: '0 * * * *', from: '2024-07-01 09:00' },
      },
      UTC,
    );
    expect(s.tz).toBe('Australia/Sydney');
    expect(iso(s.nextDue(new Date('2024-06-30T00:00:00Z')))).toBe('2024-06-30T23:00:00.000Z');
  });

  it('uses the dispatcher time zone unless the job has its own', () => {
    const s = compileJobSchedule(
      { jobId: 'd', schedule: '30 2 * * *' },
      { defaultTimezone: 'America/New_York' },
    );
    expect(iso(s.nextDue(new Date('2024-03-09T12:00:00Z')))).toBe('2024-03-10T07:00:00.000Z');
  });

  it('accepts six-field cron with seconds', () => {
    const s = compileJobSchedule({ jobId: 's', schedule: '*/10 * * * * *' }, UTC);
    expect(nexts(s, '2024-01-01T00:00:05Z', 2)).toEqual([
      '2024-01-01T00:00:10.000Z',
      '2024-01-01T00:00:20.000Z',
    ]);
  });

  it('disabled jobs (enabled: false only) never come due; Jinja strings stay enabled', () => {
    expect(
      compileJobSchedule({ jobId: 'x', schedule: '* * * * *', enabled: false }, UTC).nextDue(new Date()),
    ).toBeNull();
    expect(
      compileJobSchedule({ jobId: 'x', schedule: '* * * * *', enabled: '{{ false }}' }, UTC).enabled,
    ).toBe(true);
  });

  it('treats empty spellings as no schedule', () => {
    for (const schedule of [undefined, null, '', ' -- ']) {
      expect(compileJobSchedule({ jobId: 'e', schedule }, UTC).entries).toEqual([]);
    }
  });

  it('reads catchup as a duration', () => {
    expect(compileJobSchedule({ jobId: 'c', schedule: '@daily', catchup: '2m' }, UTC).catchupSeconds).toBe(
      120,
    );
    expect(compileJobSchedule({ jobId: 'c', schedule: '@daily', catchup: 0 }, UTC).catchupSeconds).toBe(0);
    expect(
      compileJobSchedule({ jobId: 'c', schedule: '@daily' }, { ...UTC, defaultCatchupSeconds: 60 })
        .catchupSeconds,
    ).toBe(60);
  });

  it('knows @reboot entries and honours their window', () => {
    const s = compileJobSchedule({ jobId: 'r', schedule: ['@reboot', '0 0 * * *'] }, UTC);
    expect(s.rebootDue(new Date('2024-01-01T00:00:00Z'))).toBe(true);
    const old = compileJobSchedule({ jobId: 'r', schedule: { crontab: '@reboot', to: '2000-01-01' } }, UTC);
    expect(old.rebootDue(new Date('2024-01-01T00:00:00Z'))).toBe(false);
  });

  it.each([
    [{ crontab: '0 1 * * *', 'to:': '2024-01-01' }, 'Bad schedule entry 1: Unexpected keys: to:'],
    [['* * * * *', { from: '2024-01-01' }], 'Bad schedule entry 2: Missing keys: crontab'],
    [['61 * * * *'], 'Bad schedule entry 1: Bad minute field "61"'],
    [{ crontab: '* * * * *', from: 'soon' }, 'Bad schedule entry 1: Bad "from": "soon"'],
    [{ crontab: '* * * * *', to: 20240101 }, 'Bad schedule entry 1: Bad "to": 20240101'],
    [[42], 'Bad schedule entry 1: must be a cron string or a {crontab, from, to} object'],
  ])('rejects %j', (schedule, message) => {
    expect(() => compileJobSchedule({ jobId: 'bad', schedule }, UTC)).toThrow(message);
  });

  it('rejects a bad zone or catchup with ScheduleInvalidError', () => {
    expect(() =>
      compileJobSchedule({ jobId: 'z', schedule: '@daily', timezone: 'Nowhere/Land' }, UTC),
    ).toThrow(ScheduleInvalidError);
    expect(() => compileJobSchedule({ jobId: 'z', schedule: '@daily', catchup: 'soon' }, UTC)).toThrow(
      'Bad "catchup"',
    );
    expect(() => compileJobSchedule({ jobId: 'z', schedule: '@daily', catchup: -1 }, UTC)).toThrow(
      expect.objectContaining({ code: 'SCHEDULE_INVALID', jobId: 'z' }),
    );
  });
});
