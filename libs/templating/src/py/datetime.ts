/**
 * Python `datetime.datetime`: a wall-clock time in microseconds plus an optional zone.
 * Aware values keep their instant; arithmetic with a timedelta moves the wall clock and
 * re-resolves the offset, as Python does with zoneinfo/dateutil zones.
 */
import { PyCompatError } from '../errors';
import { PyCalendarDay, PyDate, PyTime, checkDate, pad } from './date';
import { strftime, type TimeFields } from './strftime';
import { PyTimedelta, US_PER_DAY, US_PER_SECOND } from './timedelta';
import { PyTz, UTC, formatOffset, toTz } from './tz';
import { bindArgs } from './values';
import { PyStructTime } from './structs';

const US_PER_MINUTE = 60 * US_PER_SECOND;
const FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'] as const;

/** Offset (minutes) of `tz` for a wall-clock time; on a DST gap/overlap the first match wins. */
function offsetForWall(wallUs: number, tz: PyTz): number {
  const guess = tz.offsetAt(Math.floor(wallUs / 1000));
  const actual = tz.offsetAt(Math.floor((wallUs - guess * US_PER_MINUTE) / 1000));
  return actual === guess ? guess : tz.offsetAt(Math.floor((wallUs - actual * US_PER_MINUTE) / 1000));
}

export class PyDatetime extends PyCalendarDay {
  private readonly wallUs: number;
  readonly tz: PyTz | null;
  private readonly offsetMin: number;

  private constructor(wallUs: number, tz: PyTz | null, offsetMin: number) {
    super();
    this.wallUs = wallUs;
    this.tz = tz;
    this.offsetMin = offsetMin;
  }

  /** A naive (tz = null) or aware value from its wall-clock reading. */
  static fromWall(wallUs: number, tz: PyTz | null): PyDatetime {
    return new PyDatetime(wallUs, tz, tz ? offsetForWall(wallUs, tz) : 0);
  }
  /** An aware value for an instant (microseconds since the epoch) seen in `tz`. */
  static fromInstant(epochUs: number, tz: PyTz): PyDatetime {
    const off = tz.offsetAt(Math.floor(epochUs / 1000));
    return new PyDatetime(epochUs + off * US_PER_MINUTE, tz, off);
  }
  /** From a JS Date (aware, in `tz`, UTC by default). */
  static fromDate(date: Date, tz: PyTz = UTC): PyDatetime {
    return PyDatetime.fromInstant(date.getTime() * 1000, tz);
  }
  /** `datetime(year, month, day, hour=0, ..., tzinfo=None)`. */
  static fromArgs(args: readonly unknown[]): PyDatetime {
    const b = bindArgs('datetime', FIELDS, args);
    const [y, m, d] = checkDate(b.year, b.month, b.day);
    const time = PyTime.fromArgs([b.hour ?? 0, b.minute ?? 0, b.second ?? 0, b.microsecond ?? 0]);
    return PyDatetime.fromWall(PyDate.of(y, m, d).valueOf() + time.valueOf(), toTz(b.tzinfo));
  }

  private get utcDate(): Date {
    return new Date(Math.floor(this.wallUs / 1000));
  }
  get year(): number {
    return this.utcDate.getUTCFullYear();
  }
  get month(): number {
    return this.utcDate.getUTCMonth() + 1;
  }
  get day(): number {
    return this.utcDate.getUTCDate();
  }
  get hour(): number {
    return this.utcDate.getUTCHours();
  }
  get minute(): number {
    return this.utcDate.getUTCMinutes();
  }
  get second(): number {
    return this.utcDate.getUTCSeconds();
  }
  get microsecond(): number {
    return ((this.wallUs % US_PER_SECOND) + US_PER_SECOND) % US_PER_SECOND;
  }
  get tzinfo(): PyTz | null {
    return this.tz;
  }
  /** Microseconds since the epoch; naive values are read as UTC (documented divergence). */
  get epochUs(): number {
    return this.wallUs - this.offsetMin * US_PER_MINUTE;
  }

  fields(): TimeFields {
    const { year, month, day, hour, minute, second, microsecond } = this;
    const tz = this.tz;
    const tzName = tz ? () => tz.nameAt(Math.floor(this.epochUs / 1000)) : '';
    return {
      year,
      month,
      day,
      hour,
      minute,
      second,
      microsecond,
      offsetMinutes: this.tz ? this.offsetMin : null,
      tzName,
    };
  }

  isoformat(...args: unknown[]): string {
    const b = bindArgs('isoformat', ['sep', 'timespec'], args);
    return `${this.date().isoformat()}${String(b.sep ?? 'T')}${this.timeText(String(b.timespec ?? 'auto'))}${this.offsetText()}`;
  }
  private timeText(spec: string): string {
    const hms = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    const us = pad(this.microsecond, 6);
    switch (spec) {
      case 'hours':
        return pad(this.hour);
      case 'minutes':
        return hms.slice(0, 5);
      case 'seconds':
        return hms;
      case 'milliseconds':
        return `${hms}.${us.slice(0, 3)}`;
      case 'microseconds':
        return `${hms}.${us}`;
      default:
        return this.microsecond ? `${hms}.${us}` : hms;
    }
  }
  private offsetText(): string {
    return this.tz ? formatOffset(this.offsetMin, ':') : '';
  }

  strftime(fmt: unknown): string {
    if (typeof fmt !== 'string') throw new PyCompatError('TypeError', 'strftime() argument must be str');
    return strftime(this.fields(), fmt);
  }
  timestamp(): number {
    return this.epochUs / US_PER_SECOND;
  }
  date(): PyDate {
    return new PyDate(Math.floor(this.wallUs / US_PER_DAY));
  }
  time(): PyTime {
    return new PyTime(this.hour, this.minute, this.second, this.microsecond);
  }
  /** `dt.timetz()`: the time of day (the zone is not printed by `str()`). */
  timetz(): PyTime {
    return this.time();
  }
  timetuple(): PyStructTime {
    const isdst = this.tz ? -1 : -1;
    return new PyStructTime(
      this.year,
      this.month,
      this.day,
      this.hour,
      this.minute,
      this.second,
      this.weekday(),
      this.date().timetuple_yday(),
      isdst,
    );
  }
  toordinal(): number {
    return this.date().toordinal();
  }
  utcoffset(): PyTimedelta | null {
    return this.tz ? new PyTimedelta(this.offsetMin * US_PER_MINUTE) : null;
  }
  tzname(): string | null {
    return this.tz ? this.tz.nameAt(Math.floor(this.epochUs / 1000)) : null;
  }
  ctime(): string {
    return this.strftime('%a %b %e %H:%M:%S %Y');
  }
  /** `replace(day=1, tzinfo=...)`: changes fields, keeping the wall clock. */
  replace(...args: unknown[]): PyDatetime {
    const b = bindArgs('replace', FIELDS, args);
    const pick = (k: (typeof FIELDS)[number]): unknown => (k in b ? b[k] : this[k]);
    return PyDatetime.fromArgs(FIELDS.map((k) => pick(k)));
  }
  /** Same instant in another zone (UTC when omitted; the original would use the host zone). */
  astimezone(tz?: unknown): PyDatetime {
    return PyDatetime.fromInstant(this.epochUs, toTz(tz) ?? UTC);
  }
  __add__(other: unknown): PyDatetime | undefined {
    return other instanceof PyTimedelta ? PyDatetime.fromWall(this.wallUs + other.us, this.tz) : undefined;
  }
  __sub__(other: unknown): PyDatetime | PyTimedelta | undefined {
    if (other instanceof PyTimedelta) return PyDatetime.fromWall(this.wallUs - other.us, this.tz);
    if (other instanceof PyDatetime) return new PyTimedelta(this.valueOf() - other.valueOf());
    return undefined;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyDatetime && other.valueOf() === this.valueOf();
  }
  /** Comparable number: the instant for aware values, the wall clock for naive ones. */
  override valueOf(): number {
    return this.tz ? this.epochUs : this.wallUs;
  }
  /** Python `str(dt)`: ISO format with a space separator. */
  override toString(): string {
    return this.isoformat(' ');
  }
  /** Python `repr()`: `datetime.datetime(2024, 5, 1, 13, 0, 9, tzinfo=tzlocal())`. */
  __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    const tz = this.tz ? `, tzinfo=${this.tz.__repr__()}` : '';
    return `datetime.datetime(${parts.join(', ')}${tz})`;
  }
  /** `dt.fromtimestamp(ts, tz=None)` on an instance: naive local time (the worker's zone, else UTC). */
  fromtimestamp(...args: unknown[]): PyDatetime {
    const b = bindArgs('fromtimestamp', ['timestamp', 'tz'], args);
    const tz = toTz(b.tz);
    const epochUs = Math.round(Number(b.timestamp) * US_PER_SECOND);
    if (tz) return PyDatetime.fromInstant(epochUs, tz);
    const local = this.tz?.isLocal ? this.tz : UTC;
    const inLocal = PyDatetime.fromInstant(epochUs, local);
    return PyDatetime.fromWall(inLocal.wallUs, null);
  }
  /** JSON round trip and `tojson` write ISO text, as the original's JSON encoder did. */
  toJSON(): string {
    return this.isoformat();
  }
}
