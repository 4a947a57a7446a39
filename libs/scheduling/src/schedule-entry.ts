import { CronExpression, parseCron } from '@lava/cron';
import { ScheduleError, parseScheduleField, scheduleWindow, windowContains } from '@lava/core';
import { ScheduleInvalidError } from './errors';

/** One compiled schedule entry: cron plus its activity window (epoch ms). */
export interface CompiledEntry {
  /** 1-based position in the `schedule` field, as in the original's error messages. */
  readonly index: number;
  readonly crontab: string;
  readonly cron: CronExpression;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Compiles a `schedule` field with the same parser job validation uses (`parseScheduleField`
 * of `@lava/core`), so a job accepted by validation is one the scheduler can fire. Naive
 * `from`/`to` are read in the schedule's time zone `tz`. Empty spellings give no entries.
 *
 * @example compileEntries(['0 2 * * *', { crontab: '0 1 * * *', to: '2000-01-01' }], 'UTC', 'etl/x')
 * @throws ScheduleInvalidError `Bad schedule entry N: ...`
 */
export function compileEntries(raw: unknown, tz: string, jobId: string): readonly CompiledEntry[] {
  // Jobs mostly share a handful of schedules: 100,000 jobs then hold a few hundred entry lists.
  const text = cacheableText(raw);
  if (text === undefined) return compileUncached(raw, tz, jobId);
  const key = `${tz}\u0000${text}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const entries = Object.freeze(compileUncached(raw, tz, jobId));
  if (compiledCache.size >= CACHE_LIMIT) compiledCache.clear(); // bounded like the cron cache
  compiledCache.set(key, entries);
  return entries;
}

/** A cache key for the plain spellings (a string, a list of strings); others compile each time. */
function cacheableText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((e) => typeof e === 'string')) return JSON.stringify(raw);
  return undefined;
}

const CACHE_LIMIT = 10_000;
const compiledCache = new Map<string, readonly CompiledEntry[]>();

function compileUncached(raw: unknown, tz: string, jobId: string): CompiledEntry[] {
  try {
    return parseScheduleField(raw).map((entry) => {
      const cron = parseCron(entry.crontab);
      const window = scheduleWindow(entry, tz);
      return Object.freeze({
        index: entry.index,
        crontab: cron.source,
        cron,
        fromMs: window.from.getTime(),
        toMs: window.to.getTime(),
      });
    });
  } catch (cause) {
    if (!(cause instanceof ScheduleError)) throw cause;
    const message = cause.message.startsWith('Bad schedule entry')
      ? cause.message
      : `Bad schedule entry ${cause.entry}: ${cause.message}`;
    throw new ScheduleInvalidError(message, jobId, cause.entry ?? 0, { cause });
  }
}

/** The activity test at instant `at` (see `windowContains` of `@lava/core`). */
export function isActiveAt(entry: Pick<CompiledEntry, 'fromMs' | 'toMs'>, at: number): boolean {
  return windowContains(entry.fromMs, entry.toMs, at);
}
