import { parseCron } from '@lava/cron';
import { ScheduleError } from '../errors';
import { isPlainObject } from '../models/json';
import { parseScheduleTimestamp } from '../values/timestamp';

/** One normalised schedule entry. `index` is 1-based, as in the original's error messages. */
export interface ScheduleEntry {
  index: number;
  /** Trimmed cron spec (5 fields, 6 with seconds, or an `@` form). */
  crontab: string;
  /** Raw `from`/`to` text; naive values are resolved in the schedule's timezone (see isWithinWindow). */
  from?: string;
  to?: string;
}

/** One problem with a schedule field: `entry` 0 means the field as a whole. */
export interface ScheduleProblem {
  entry: number;
  /** JSON pointer relative to the `schedule` field. */
  path: string;
  message: string;
}

const SCHEDULE_OBJECT_KEYS = ['crontab', 'from', 'to'];

/** True for the spellings of "no schedule" the original tolerated: missing, `null`, `""`, `"--"`. */
export function isEmptySchedule(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && ['', '--'].includes(value.trim()))
  );
}

/**
 * Parses the `schedule` field: a cron string, a `{crontab, from?, to?}` object, or a list
 * of them. Empty spellings give `[]`.
 *
 * @example parseScheduleField(['0 2 * * *', { crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' }])
 * @throws ScheduleError `Bad schedule entry N: <detail>` naming the first bad entry.
 */
export function parseScheduleField(value: unknown): ScheduleEntry[] {
  const { entries, problems } = checkScheduleField(value);
  const first = problems[0];
  if (first)
    throw new ScheduleError(
      first.entry ? `Bad schedule entry ${first.entry}: ${first.message}` : first.message,
      first.entry,
    );
  return entries;
}

/** Like {@link parseScheduleField} but reports every problem instead of throwing. */
export function checkScheduleField(value: unknown): {
  entries: ScheduleEntry[];
  problems: ScheduleProblem[];
} {
  const entries: ScheduleEntry[] = [];
  const problems: ScheduleProblem[] = [];
  if (isEmptySchedule(value)) return { entries, problems };
  const list = Array.isArray(value) ? value : [value];
  const listed = Array.isArray(value);
  list.forEach((item, i) => {
    const entry = checkEntry(item, i + 1, listed ? `/${i}` : '', problems);
    if (entry) entries.push(entry);
  });
  return { entries, problems };
}

function checkEntry(
  item: unknown,
  index: number,
  base: string,
  problems: ScheduleProblem[],
): ScheduleEntry | undefined {
  const fail = (path: string, message: string): undefined => {
    problems.push({ entry: index, path: base + path, message });
    return undefined;
  };
  if (typeof item === 'string') {
    const cron = checkCron(item);
    return cron.error ? fail('', cron.error) : { index, crontab: cron.spec };
  }
  if (!isPlainObject(item)) return fail('', 'must be a cron string or a {crontab, from, to} object');
  const unexpected = Object.keys(item)
    .filter((k) => !SCHEDULE_OBJECT_KEYS.includes(k))
    .sort();
  if (unexpected.length) return fail('', `Unexpected keys: ${unexpected.join(', ')}`);
  if (!('crontab' in item)) return fail('', 'Missing keys: crontab');
  if (typeof item.crontab !== 'string') return fail('/crontab', 'crontab must be a string');
  const cron = checkCron(item.crontab);
  if (cron.error) return fail('/crontab', cron.error);
  const entry: ScheduleEntry = { index, crontab: cron.spec };
  for (const bound of ['from', 'to'] as const) {
    const v = item[bound];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isTimestamp(v))
      return fail(`/${bound}`, `Bad "${bound}": ${JSON.stringify(v)}`);
    entry[bound] = v;
  }
  return entry;
}

function isTimestamp(v: string): boolean {
  try {
    parseScheduleTimestamp(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a cron spec with @lava/cron: five fields, an `@` form, or six fields with a leading
 * seconds field (a Lava extension the scheduler honours; classic cron had no seconds).
 */
function checkCron(spec: string): { spec: string; error?: string } {
  const trimmed = spec.trim();
  if (!trimmed) return { spec: trimmed, error: 'empty cron spec' };
  try {
    parseCron(trimmed, { allowSeconds: true });
    return { spec: trimmed };
  } catch (e) {
    return { spec: trimmed, error: (e as Error).message };
  }
}
