import { CronExpression, parseCron, parseLocalDateTime } from '@lava/cron';
import { ScheduleInvalidError } from './errors';

/** Window bounds used when `from`/`to` are absent (§4.4). */
export const WINDOW_FROM_DEFAULT_MS = Date.parse('0001-01-01T00:00:00Z');
export const WINDOW_TO_DEFAULT_MS = Date.parse('9999-12-31T00:00:00Z');

/** One compiled schedule entry: cron plus its activity window (epoch ms). */
export interface CompiledEntry {
  /** 1-based position in the `schedule` field, as in the original's error messages. */
  readonly index: number;
  readonly crontab: string;
  readonly cron: CronExpression;
  readonly fromMs: number;
  readonly toMs: number;
}

const OBJECT_KEYS = new Set(['crontab', 'from', 'to']);

/**
 * Compiles a `schedule` field (§4.4): a cron string, a `{crontab, from?, to?}` object, or a list
 * mixing both. Six-field cron (seconds) is accepted, an extension over the original. Naive
 * `from`/`to` are read in the schedule's time zone `tz`. Missing, `null`, `""` and `"--"` give
 * no entries.
 *
 * @example compileEntries(['0 2 * * *', { crontab: '0 1 * * *', to: '2000-01-01' }], 'UTC', 'etl/x')
 * @throws ScheduleInvalidError `Bad schedule entry N: ...`
 */
export function compileEntries(raw: unknown, tz: string, jobId: string): CompiledEntry[] {
  if (raw === undefined || raw === null || (typeof raw === 'string' && ['', '--'].includes(raw.trim()))) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.map((item, i) => compileEntry(item, i + 1, tz, jobId));
}

function compileEntry(item: unknown, index: number, tz: string, jobId: string): CompiledEntry {
  const fail = (detail: string, cause?: unknown): never => {
    throw new ScheduleInvalidError(`Bad schedule entry ${index}: ${detail}`, jobId, index, { cause });
  };
  if (typeof item === 'string') return { index, ...cronOf(item, fail), fromMs: WINDOW_FROM_DEFAULT_MS, toMs: WINDOW_TO_DEFAULT_MS };
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail('must be a cron string or a {crontab, from, to} object');
  const obj = item as Record<string, unknown>;
  const unexpected = Object.keys(obj).filter((k) => !OBJECT_KEYS.has(k)).sort();
  if (unexpected.length) fail(`Unexpected keys: ${unexpected.join(', ')}`);
  if (typeof obj.crontab !== 'string') fail('"crontab" is required and must be a string');
  return {
    index,
    ...cronOf(obj.crontab as string, fail),
    fromMs: boundOf(obj.from, 'from', tz, fail) ?? WINDOW_FROM_DEFAULT_MS,
    toMs: boundOf(obj.to, 'to', tz, fail) ?? WINDOW_TO_DEFAULT_MS,
  };
}

function cronOf(text: string, fail: (d: string, c?: unknown) => never): { crontab: string; cron: CronExpression } {
  try {
    const cron = parseCron(text);
    return { crontab: cron.source, cron };
  } catch (cause) {
    return fail((cause as Error).message, cause);
  }
}

function boundOf(value: unknown, key: 'from' | 'to', tz: string, fail: (d: string) => never): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === 'string' ? parseLocalDateTime(value, tz) : null;
  if (parsed === null) return fail(`Bad "${key}": ${JSON.stringify(value)}`);
  return parsed.getTime();
}

/**
 * The activity test of §4.4 at instant `at`: inside the closed window when `from <= to`,
 * outside the open gap (to, from) when `from > to` (a suspended period).
 */
export function isActiveAt(entry: Pick<CompiledEntry, 'fromMs' | 'toMs'>, at: number): boolean {
  const { fromMs: f, toMs: t } = entry;
  return (f <= at && at <= t) || (f > t && (at <= t || at >= f));
}
