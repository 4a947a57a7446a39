/** Python structs printed by templates: `time.struct_time` and `datetime.IsoCalendarDate`. */
import { markTuple } from './values';

/** `dt.timetuple()`: attribute access (`tm_yday`) and Python's printed form. */
export class PyStructTime {
  constructor(
    readonly tm_year: number,
    readonly tm_mon: number,
    readonly tm_mday: number,
    readonly tm_hour: number,
    readonly tm_min: number,
    readonly tm_sec: number,
    readonly tm_wday: number,
    readonly tm_yday: number,
    readonly tm_isdst: number,
  ) {}
  toString(): string {
    const f = Object.entries(this).map(([k, v]) => `${k}=${String(v)}`);
    return `time.struct_time(${f.join(', ')})`;
  }
}

/** `isocalendar()`: a tuple `(year, week, weekday)` printed as `datetime.IsoCalendarDate(...)`. */
export function isoCalendarDate(parts: number[]): unknown[] {
  const [year, week, weekday] = parts;
  const t = markTuple([...parts]);
  Object.defineProperty(t, '__repr__', {
    value: () => `datetime.IsoCalendarDate(year=${year}, week=${week}, weekday=${weekday})`,
  });
  return t;
}
