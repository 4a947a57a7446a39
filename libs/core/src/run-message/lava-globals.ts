import { RunMessageError } from '../errors';
import { isPlainObject } from '../models/json';
import { parseStrictIsoTimestamp } from '../values/timestamp';

/** `globals.lava` timestamps that travel as ISO strings and are parsed back at intake (§2.4, §5.9). */
export const LAVA_GLOBAL_TIMESTAMPS = ['master_start', 'master_ustart', 'parent_start', 'parent_ustart'] as const;

/**
 * Parses the `globals.lava.*_start` strings of a received message back to Dates (strict
 * ISO-8601 with offset). Returns a new `lava` map; leaves other keys as they are.
 *
 * @throws RunMessageError `<field>: Bad timestamp: <value>`. Callers must still acknowledge or
 * release the message (the original left it in flight).
 */
export function reviveLavaGlobals(globals: Record<string, unknown>): Record<string, unknown> {
  const lava = globals.lava;
  if (!isPlainObject(lava)) return { ...globals };
  const revived: Record<string, unknown> = { ...lava };
  for (const field of LAVA_GLOBAL_TIMESTAMPS) {
    const value = lava[field];
    if (value === undefined || value instanceof Date) continue;
    try {
      revived[field] = parseStrictIsoTimestamp(value);
    } catch (cause) {
      throw new RunMessageError(`${field}: Bad timestamp: ${String(value)}`, undefined, { cause });
    }
  }
  return { ...globals, lava: revived };
}
