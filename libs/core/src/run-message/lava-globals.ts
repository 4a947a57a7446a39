import { RunMessageError } from '../errors';
import { isPlainObject } from '../models/json';
import { formatTimestamp, parseStrictIsoTimestamp } from '../values/timestamp';

/** `globals.lava` timestamps: ISO-8601 strings with their UTC offset, in and out of SQS. */
export const LAVA_GLOBAL_TIMESTAMPS = [
  'master_start',
  'master_ustart',
  'parent_start',
  'parent_ustart',
] as const;

/**
 * Checks the `globals.lava.*_start` values of a received message (strict ISO-8601 with offset)
 * and returns a copy. The strings are kept as they came: their offset is part of the value
 * (`2024-05-01T09:00:00+10:00` renders `.hour` as 9, as the original's `isoparse` did), and
 * the template context turns them into datetimes.
 *
 * @throws RunMessageError `<field>: Bad timestamp: <value>`. Callers must still acknowledge or
 * release the message (the original left it in flight).
 */
export function checkLavaGlobals(globals: Record<string, unknown>): Record<string, unknown> {
  const lava = globals.lava;
  if (!isPlainObject(lava)) return { ...globals };
  for (const field of LAVA_GLOBAL_TIMESTAMPS) {
    const value = lava[field];
    if (value === undefined) continue;
    try {
      parseStrictIsoTimestamp(value);
    } catch (cause) {
      throw new RunMessageError(`${field}: Bad timestamp: ${String(value)}`, undefined, { cause });
    }
  }
  return { ...globals, lava: { ...lava } };
}

/**
 * A `globals.lava` timestamp in the original's string form, Python's `isoformat()` of an aware
 * datetime: `2024-05-01T09:00:00+10:00` (`+00:00` for UTC, never `Z` or milliseconds).
 */
export function lavaTimestamp(at: Date, tz: string): string {
  return formatTimestamp(at, tz);
}
