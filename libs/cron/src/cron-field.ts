/** Static description of one cron field: its bounds and accepted names. */
export interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Value the names array starts at (months start at 1, weekdays at 0). */
  readonly nameBase?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
export const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
export const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
export const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
export const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 };
// 7 is accepted as Sunday (Vixie cron) and folded onto 0 after parsing.
export const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 };

/**
 * The parsed values of one field. `next[v]` is the smallest allowed value >= v (or -1), so
 * finding the next candidate is a table look-up rather than a scan.
 */
export interface FieldSet {
  readonly values: readonly number[];
  readonly has: Uint8Array;
  readonly next: Int8Array;
  /** True when the field text starts with `*` (Vixie's DOM_STAR / DOW_STAR flag). */
  readonly star: boolean;
}

/** Builds the look-up tables of a field from its allowed values. */
export function makeFieldSet(values: Iterable<number>, max: number, star: boolean): FieldSet {
  const has = new Uint8Array(max + 2);
  for (const v of values) has[v] = 1;
  const next = new Int8Array(max + 2).fill(-1);
  for (let v = max; v >= 0; v--) next[v] = has[v] ? v : (next[v + 1] ?? -1);
  const sorted: number[] = [];
  for (let v = 0; v <= max; v++) if (has[v]) sorted.push(v);
  return { values: sorted, has, next, star };
}
