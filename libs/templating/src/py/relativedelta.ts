/**
 * dateutil `relativedelta`: calendar-aware offsets (`months=6`) and absolute replacements
 * (`day=1`). Only the arguments Lava templates use are supported; `weekday` is not.
 */
import { PyCompatError } from '../errors';
import { PyDate } from './date';
import { PyDatetime } from './datetime';
import { PyTimedelta, US_PER_DAY, US_PER_SECOND } from './timedelta';
import { bindArgs } from './values';

const RELATIVE = [
  'years',
  'months',
  'days',
  'leapdays',
  'weeks',
  'hours',
  'minutes',
  'seconds',
  'microseconds',
] as const;
const ABSOLUTE = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
const UNIT_US = {
  days: US_PER_DAY,
  weeks: 7 * US_PER_DAY,
  hours: 3600 * US_PER_SECOND,
  minutes: 60 * US_PER_SECOND,
  seconds: US_PER_SECOND,
  microseconds: 1,
};

type Rel = Partial<Record<(typeof RELATIVE)[number] | (typeof ABSOLUTE)[number], number>>;

export class PyRelativedelta {
  constructor(readonly spec: Rel) {}

  static fromArgs(args: readonly unknown[]): PyRelativedelta {
    const b = bindArgs('relativedelta', ['dt1', 'dt2', ...RELATIVE, ...ABSOLUTE], args);
    if (b.dt1 !== undefined || b.dt2 !== undefined)
      throw new PyCompatError('NotImplementedError', 'relativedelta(dt1, dt2) is not supported');
    for (const [k, v] of Object.entries(b)) {
      if (typeof v !== 'number') throw new PyCompatError('TypeError', `relativedelta ${k} must be a number`);
    }
    return new PyRelativedelta(b as Rel);
  }

  get years(): number {
    return this.spec.years ?? 0;
  }
  get months(): number {
    return this.spec.months ?? 0;
  }
  get days(): number {
    return (this.spec.days ?? 0) + 7 * (this.spec.weeks ?? 0);
  }

  /** Applies to a date or datetime with `sign` +1 (add) or -1 (subtract). */
  apply<T extends PyDate | PyDatetime>(value: T, sign: 1 | -1): T {
    const s = this.spec;
    const totalMonths =
      (s.year ?? value.year) * 12 +
      ((s.month ?? value.month) - 1) +
      sign * ((s.years ?? 0) * 12 + (s.months ?? 0));
    const year = Math.floor(totalMonths / 12);
    const month = (totalMonths % 12) + 1;
    const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(s.day ?? value.day, dim);
    const deltaUs =
      Object.entries(UNIT_US).reduce((acc, [k, u]) => acc + (s[k as keyof Rel] ?? 0) * u, 0) * sign;
    if (value instanceof PyDatetime) {
      const replaced = value.replace(
        year,
        month,
        day,
        s.hour ?? value.hour,
        s.minute ?? value.minute,
        s.second ?? value.second,
        s.microsecond ?? value.microsecond,
      );
      return replaced.__add__(new PyTimedelta(deltaUs)) as T;
    }
    return PyDate.of(year, month, day).__add__(new PyTimedelta(deltaUs)) as T;
  }

  __neg__(): PyRelativedelta {
    const out: Rel = { ...this.spec };
    for (const k of RELATIVE) if (out[k] !== undefined) out[k] = -(out[k] ?? 0);
    return new PyRelativedelta(out);
  }

  toString(): string {
    const parts = Object.entries(this.spec).map(
      ([k, v]) => `${k}=${v >= 0 && RELATIVE.includes(k as never) ? '+' : ''}${v}`,
    );
    return `relativedelta(${parts.join(', ')})`;
  }
}
