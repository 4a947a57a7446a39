/** Python `datetime.date` and `datetime.time` values. */
import { PyCompatError } from '../errors';
import { dayOfYear, isoCalendar, strftime, weekday } from './strftime';
import { PyTimedelta, US_PER_DAY, US_PER_SECOND } from './timedelta';
import { bindArgs } from './values';
import { PyStructTime, isoCalendarDate } from './structs';

const MS_PER_DAY = 86_400_000;

export function checkDate(y: unknown, m: unknown, d: unknown): [number, number, number] {
  if (![y, m, d].every((v) => Number.isInteger(v)))
    throw new PyCompatError('TypeError', 'date components must be integers');
  const [yy, mm, dd] = [y as number, m as number, d as number];
  if (yy < 1 || yy > 9999) throw new PyCompatError('ValueError', `year ${yy} is out of range`);
  if (mm < 1 || mm > 12) throw new PyCompatError('ValueError', 'month must be in 1..12');
  const dim = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  if (dd < 1 || dd > dim) throw new PyCompatError('ValueError', 'day is out of range for month');
  return [yy, mm, dd];
}

/** `n` zero-padded to `w` digits, as strftime and isoformat print fields. */
export function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * What Python's date and datetime share (a datetime is a date): the calendar methods over the
 * year, month and day each class keeps in its own way.
 */
export abstract class PyCalendarDay {
  abstract get year(): number;
  abstract get month(): number;
  abstract get day(): number;
  weekday(): number {
    return weekday(this.year, this.month, this.day);
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  isocalendar(): unknown[] {
    return isoCalendarDate(isoCalendar(this.year, this.month, this.day));
  }
}

export class PyDate extends PyCalendarDay {
  /** Days since 1970-01-01. */
  readonly epochDay: number;
  constructor(epochDay: number) {
    super();
    this.epochDay = epochDay;
  }
  static of(y: number, m: number, d: number): PyDate {
    const utc = new Date(0);
    utc.setUTCFullYear(y, m - 1, d);
    return new PyDate(Math.round(utc.getTime() / MS_PER_DAY));
  }
  static fromArgs(args: readonly unknown[]): PyDate {
    const b = bindArgs('date', ['year', 'month', 'day'], args);
    return PyDate.of(...checkDate(b.year, b.month, b.day));
  }
  private get utc(): Date {
    return new Date(this.epochDay * MS_PER_DAY);
  }
  get year(): number {
    return this.utc.getUTCFullYear();
  }
  get month(): number {
    return this.utc.getUTCMonth() + 1;
  }
  get day(): number {
    return this.utc.getUTCDate();
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  strftime(fmt: string): string {
    const f = {
      year: this.year,
      month: this.month,
      day: this.day,
      hour: 0,
      minute: 0,
      second: 0,
      microsecond: 0,
    };
    return strftime({ ...f, offsetMinutes: null, tzName: '' }, fmt);
  }
  toordinal(): number {
    return this.epochDay + 719_163;
  }
  timetuple_yday(): number {
    return dayOfYear(this.year, this.month, this.day);
  }
  timetuple(): PyStructTime {
    return new PyStructTime(
      this.year,
      this.month,
      this.day,
      0,
      0,
      0,
      this.weekday(),
      this.timetuple_yday(),
      -1,
    );
  }
  replace(...args: unknown[]): PyDate {
    const b = bindArgs('replace', ['year', 'month', 'day'], args);
    return PyDate.of(...checkDate(b.year ?? this.year, b.month ?? this.month, b.day ?? this.day));
  }
  ctime(): string {
    return this.strftime('%a %b %e 00:00:00 %Y');
  }
  __add__(other: unknown): PyDate | undefined {
    return other instanceof PyTimedelta
      ? new PyDate(this.epochDay + Math.floor(other.us / US_PER_DAY))
      : undefined;
  }
  __sub__(other: unknown): PyDate | PyTimedelta | undefined {
    if (other instanceof PyTimedelta) return new PyDate(this.epochDay - Math.floor(other.us / US_PER_DAY));
    if (other instanceof PyDate) return new PyTimedelta((this.epochDay - other.epochDay) * US_PER_DAY);
    return undefined;
  }
  __eq__(other: unknown): boolean {
    return (
      other instanceof PyDate && other.constructor === this.constructor && other.valueOf() === this.valueOf()
    );
  }
  override valueOf(): number {
    return this.epochDay * US_PER_DAY;
  }
  override toString(): string {
    return this.isoformat();
  }
  __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  toJSON(): string {
    return this.isoformat();
  }
}

/** Python `datetime.time` (naive; Lava templates do not use aware times). */
export class PyTime {
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
  ) {}
  static fromArgs(args: readonly unknown[]): PyTime {
    const b = bindArgs('time', ['hour', 'minute', 'second', 'microsecond', 'tzinfo'], args);
    const v = [b.hour ?? 0, b.minute ?? 0, b.second ?? 0, b.microsecond ?? 0] as number[];
    const max = [23, 59, 59, 999_999];
    v.forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0 || x > (max[i] ?? 0))
        throw new PyCompatError('ValueError', 'time component out of range');
    });
    return new PyTime(v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, v[3] ?? 0);
  }
  isoformat(): string {
    const base = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return this.microsecond ? `${base}.${pad(this.microsecond, 6)}` : base;
  }
  strftime(fmt: string): string {
    const f = { year: 1900, month: 1, day: 1, hour: this.hour, minute: this.minute, second: this.second };
    return strftime({ ...f, microsecond: this.microsecond, offsetMinutes: null, tzName: '' }, fmt);
  }
  replace(...args: unknown[]): PyTime {
    const b = bindArgs('replace', ['hour', 'minute', 'second', 'microsecond'], args);
    return PyTime.fromArgs([
      b.hour ?? this.hour,
      b.minute ?? this.minute,
      b.second ?? this.second,
      b.microsecond ?? this.microsecond,
    ]);
  }
  valueOf(): number {
    return ((this.hour * 60 + this.minute) * 60 + this.second) * US_PER_SECOND + this.microsecond;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyTime && other.valueOf() === this.valueOf();
  }
  __repr__(): string {
    const parts = [this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    return `datetime.time(${parts.join(', ')})`;
  }
  toString(): string {
    return this.isoformat();
  }
  toJSON(): string {
    return this.isoformat();
  }
}
