import { ScheduleError } from '../errors';
import { parseScheduleTimestamp } from '../values/timestamp';
import type { ScheduleEntry } from './schedule-field';

/** Window bounds when `from`/`to` are absent. */
export const SCHEDULE_FROM_DEFAULT = new Date('0001-01-01T00:00:00Z');
export const SCHEDULE_TO_DEFAULT = new Date('9999-12-31T00:00:00Z');

/** The resolved activity window of an entry. Naive `from`/`to` are wall-clock times in `tz`. */
export function scheduleWindow(
  entry: Pick<ScheduleEntry, 'from' | 'to' | 'index'>,
  tz = 'UTC',
): { from: Date; to: Date } {
  return {
    from: bound(entry, 'from', tz) ?? SCHEDULE_FROM_DEFAULT,
    to: bound(entry, 'to', tz) ?? SCHEDULE_TO_DEFAULT,
  };
}

function bound(
  entry: Pick<ScheduleEntry, 'from' | 'to' | 'index'>,
  key: 'from' | 'to',
  tz: string,
): Date | undefined {
  const raw = entry[key];
  if (raw === undefined) return undefined;
  try {
    return parseScheduleTimestamp(raw, tz);
  } catch (cause) {
    throw new ScheduleError(`Bad "${key}": ${(cause as Error).message}`, entry.index, { cause });
  }
}

/**
 * Whether a schedule entry is active at `at`. With `from <= to` the entry is active inside
 * the closed window; with `from > to` it is active outside the open gap (to, from), which
 * suspends a period. Naive `from`/`to` are read in `tz`, the schedule's timezone (an
 * improvement: the original used the host timezone of the lavasched worker).
 *
 * @example isWithinWindow({ index: 1, crontab: '* * * * *', from: '2023-08-01', to: '2023-07-01' }, new Date('2023-07-15'), 'UTC') === false
 */
export function isWithinWindow(
  entry: Pick<ScheduleEntry, 'from' | 'to' | 'index'>,
  at: Date,
  tz = 'UTC',
): boolean {
  const { from, to } = scheduleWindow(entry, tz);
  return windowContains(from.getTime(), to.getTime(), at.getTime());
}

/**
 * The activity test on epoch milliseconds: inside the closed window `[from, to]` when
 * `from <= to`, outside the open gap `(to, from)` when `from > to` (a suspended period).
 */
export function windowContains(fromMs: number, toMs: number, atMs: number): boolean {
  return (fromMs <= atMs && atMs <= toMs) || (fromMs > toMs && (atMs <= toMs || atMs >= fromMs));
}
