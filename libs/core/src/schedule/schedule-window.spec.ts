import { ScheduleError } from '../errors';
import { isWithinWindow, scheduleWindow } from './schedule-window';

const at = (iso: string): Date => new Date(iso);

describe('isWithinWindow (activity test)', () => {
  it.each<[string, { from?: string; to?: string }, string, boolean]>([
    ['no bounds: always active', {}, '2024-05-01T00:00:00Z', true],
    [
      'inside a closed window',
      { from: '2024-01-01T00:00:00Z', to: '2024-12-31T00:00:00Z' },
      '2024-05-01T00:00:00Z',
      true,
    ],
    [
      'before the window',
      { from: '2024-06-01T00:00:00Z', to: '2024-12-31T00:00:00Z' },
      '2024-05-01T00:00:00Z',
      false,
    ],
    [
      'after the window',
      { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' },
      '2024-05-01T00:00:00Z',
      false,
    ],
    [
      'at from (closed)',
      { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' },
      '2024-05-01T00:00:00Z',
      true,
    ],
    [
      'at to (closed)',
      { from: '2024-04-01T00:00:00Z', to: '2024-05-01T00:00:00Z' },
      '2024-05-01T00:00:00Z',
      true,
    ],
    ['only to, in the past (job b entry 1)', { to: '2000-01-01T00:00:00Z' }, '2024-05-01T00:00:00Z', false],
    ['only from, in the past', { from: '2000-01-01T00:00:00Z' }, '2024-05-01T00:00:00Z', true],
    // from > to: active outside the open gap (to, from): suspends July 2023.
    [
      'from > to: inside the gap is inactive',
      { from: '2023-08-01T00:00:00Z', to: '2023-07-01T00:00:00Z' },
      '2023-07-15T00:00:00Z',
      false,
    ],
    [
      'from > to: before the gap is active',
      { from: '2023-08-01T00:00:00Z', to: '2023-07-01T00:00:00Z' },
      '2023-06-15T00:00:00Z',
      true,
    ],
    [
      'from > to: after the gap is active',
      { from: '2023-08-01T00:00:00Z', to: '2023-07-01T00:00:00Z' },
      '2023-08-15T00:00:00Z',
      true,
    ],
    [
      'from > to: at to is active',
      { from: '2023-08-01T00:00:00Z', to: '2023-07-01T00:00:00Z' },
      '2023-07-01T00:00:00Z',
      true,
    ],
    [
      'from > to: at from is active',
      { from: '2023-08-01T00:00:00Z', to: '2023-07-01T00:00:00Z' },
      '2023-08-01T00:00:00Z',
      true,
    ],
  ])('%s', (_name, bounds, now, expected) => {
    expect(isWithinWindow({ index: 1, ...bounds }, at(now), 'UTC')).toBe(expected);
  });

  it('reads naive bounds in the schedule timezone', () => {
    const entry = { index: 1, from: '2024-05-01T09:00:00', to: '2024-05-01T17:00:00' };
    // 08:30 UTC is 18:30 in Sydney (outside) but 08:30 in UTC (outside) and 09:30 in London (inside).
    expect(isWithinWindow(entry, at('2024-05-01T08:30:00Z'), 'Australia/Sydney')).toBe(false);
    expect(isWithinWindow(entry, at('2024-05-01T08:30:00Z'), 'Europe/London')).toBe(true);
    expect(isWithinWindow(entry, at('2024-05-01T08:30:00Z'), 'UTC')).toBe(false);
  });

  it('keeps explicit offsets whatever the timezone', () => {
    const entry = { index: 1, from: '2024-05-01T09:00:00+10:00', to: '2024-05-01T17:00:00+10:00' };
    expect(isWithinWindow(entry, at('2024-05-01T00:30:00Z'), 'America/New_York')).toBe(true);
  });

  it('defaults the window to 0001-01-01 .. 9999-12-31', () => {
    const w = scheduleWindow({ index: 1 });
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T00:00:00.000Z',
    ]);
  });

  it('throws a ScheduleError naming the bound', () => {
    expect(() => isWithinWindow({ index: 3, from: 'nope' }, new Date())).toThrow(ScheduleError);
    expect(() => isWithinWindow({ index: 3, from: 'nope' }, new Date())).toThrow('Bad "from"');
  });
});
