/**
 * Python `datetime.timedelta`: a duration held as whole microseconds and normalised
 * like Python (`days` may be negative, `0 <= seconds < 86400`, `0 <= microseconds < 1e6`).
 */
import { PyCompatError } from '../errors';
import { PyFloat, mkFloat } from './number';
import { bindArgs } from './values';

export const US_PER_SECOND = 1_000_000;
export const US_PER_DAY = 86_400 * US_PER_SECOND;

const UNIT_US: Record<string, number> = {
  weeks: 7 * US_PER_DAY,
  days: US_PER_DAY,
  hours: 3600 * US_PER_SECOND,
  minutes: 60 * US_PER_SECOND,
  seconds: US_PER_SECOND,
  milliseconds: 1000,
  microseconds: 1,
};
/** Python's positional order: timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks). */
const POSITIONAL = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];

export class PyTimedelta {
  /** Total length in microseconds (integer). */
  readonly us: number;

  constructor(us: number) {
    this.us = Math.round(us);
  }

  /** `timedelta(days=1, hours=2)` with Python's positional and keyword arguments. */
  static fromArgs(args: readonly unknown[]): PyTimedelta {
    const bound = bindArgs('timedelta', POSITIONAL, args);
    let us = 0;
    for (const [unit, value] of Object.entries(bound)) {
      if (typeof value !== 'number')
        throw new PyCompatError('TypeError', `unsupported type for timedelta ${unit} component`);
      us += value * (UNIT_US[unit] ?? 0);
    }
    return new PyTimedelta(us);
  }

  get days(): number {
    return Math.floor(this.us / US_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.us - this.days * US_PER_DAY) / US_PER_SECOND);
  }
  get microseconds(): number {
    return this.us - this.days * US_PER_DAY - this.seconds * US_PER_SECOND;
  }
  total_seconds(): number | PyFloat {
    return mkFloat(this.us / US_PER_SECOND);
  }
  valueOf(): number {
    return this.us;
  }
  __bool__(): boolean {
    return this.us !== 0;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyTimedelta && other.us === this.us;
  }
  __neg__(): PyTimedelta {
    return new PyTimedelta(-this.us);
  }
  __abs__(): PyTimedelta {
    return new PyTimedelta(Math.abs(this.us));
  }

  /** Python `str(td)`: `1 day, 2:03:04.000005`, `-1 day, 23:00:00`, `0:00:00`. */
  toString(): string {
    const d = this.days;
    const s = this.seconds;
    const hms = `${Math.floor(s / 3600)}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
    const frac = this.microseconds ? `.${String(this.microseconds).padStart(6, '0')}` : '';
    const dayPart = d ? `${d} day${Math.abs(d) === 1 ? '' : 's'}, ` : '';
    return `${dayPart}${hms}${frac}`;
  }
  __repr__(): string {
    const parts = [
      this.days ? `days=${this.days}` : '',
      this.seconds ? `seconds=${this.seconds}` : '',
      this.microseconds ? `microseconds=${this.microseconds}` : '',
    ].filter(Boolean);
    return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
  }
  toJSON(): string {
    return this.toString();
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
