/**
 * Python/glibc `strftime` for the datetime shim (C locale, as Lava workers run).
 * Supports the full Python directive set plus the glibc `%-d` no-padding flag.
 */

/** Broken-down time a `strftime` call formats. */
export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Minutes east of UTC, or null for naive values. */
  offsetMinutes: number | null;
  /** `%Z` text ('' for naive values); a function when computing it is costly (ICU lookups). */
  tzName: string | (() => string | null);
}

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Monday = 0 ... Sunday = 6, as Python's `weekday()`. */
export function weekday(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** ISO 8601 year, week and weekday (1 = Monday). */
export function isoCalendar(year: number, month: number, day: number): [number, number, number] {
  const wd = weekday(year, month, day) + 1;
  const thursday = new Date(Date.UTC(year, month - 1, day + 4 - wd));
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000 / 7) + 1;
  return [isoYear, week, wd];
}

function pad(n: number, width: number, fill = '0'): string {
  const s = String(Math.abs(n)).padStart(width, fill);
  return n < 0 ? `-${s}` : s;
}

function offsetText(mins: number | null, sep: string): string {
  if (mins === null) return '';
  const sign = mins < 0 ? '-' : '+';
  const abs = Math.abs(mins);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${sep}${pad(abs % 60, 2)}`;
}

/** Week number with weeks starting on `firstDay` (0 = Sunday for %U, 1 = Monday for %W). */
function weekOfYear(f: TimeFields, firstDay: number): number {
  const yday = dayOfYear(f.year, f.month, f.day) - 1;
  const wdaySun0 = (weekday(f.year, f.month, f.day) + 1) % 7;
  const wd = (wdaySun0 - firstDay + 7) % 7;
  return Math.floor((yday + 7 - wd) / 7);
}

type Directive = (f: TimeFields) => string;

const hour12 = (f: TimeFields): number => f.hour % 12 || 12;

const NUMERIC: Record<string, [(f: TimeFields) => number, number]> = {
  d: [(f) => f.day, 2],
  m: [(f) => f.month, 2],
  y: [(f) => f.year % 100, 2],
  H: [(f) => f.hour, 2],
  I: [hour12, 2],
  M: [(f) => f.minute, 2],
  S: [(f) => f.second, 2],
  j: [(f) => dayOfYear(f.year, f.month, f.day), 3],
  U: [(f) => weekOfYear(f, 0), 2],
  W: [(f) => weekOfYear(f, 1), 2],
  V: [(f) => isoCalendar(f.year, f.month, f.day)[1], 2],
};

const DIRECTIVES: Record<string, Directive> = {
  a: (f) => (DAY_NAMES[weekday(f.year, f.month, f.day)] ?? '').slice(0, 3),
  A: (f) => DAY_NAMES[weekday(f.year, f.month, f.day)] ?? '',
  w: (f) => String((weekday(f.year, f.month, f.day) + 1) % 7),
  u: (f) => String(weekday(f.year, f.month, f.day) + 1),
  b: (f) => (MONTH_NAMES[f.month - 1] ?? '').slice(0, 3),
  h: (f) => (MONTH_NAMES[f.month - 1] ?? '').slice(0, 3),
  B: (f) => MONTH_NAMES[f.month - 1] ?? '',
  Y: (f) => String(f.year),
  G: (f) => String(isoCalendar(f.year, f.month, f.day)[0]),
  C: (f) => pad(Math.floor(f.year / 100), 2),
  e: (f) => pad(f.day, 2, ' '),
  k: (f) => pad(f.hour, 2, ' '),
  l: (f) => pad(hour12(f), 2, ' '),
  g: (f) => pad(isoCalendar(f.year, f.month, f.day)[0] % 100, 2),
  p: (f) => (f.hour < 12 ? 'AM' : 'PM'),
  f: (f) => pad(f.microsecond, 6),
  z: (f) => offsetText(f.offsetMinutes, ''),
  Z: (f) => (typeof f.tzName === 'function' ? f.tzName() : f.tzName) ?? '',
  s: (f) =>
    String(
      Math.floor(
        Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) / 1000 - (f.offsetMinutes ?? 0) * 60,
      ),
    ),
  c: (f) => strftime(f, '%a %b %e %H:%M:%S %Y'),
  x: (f) => strftime(f, '%m/%d/%y'),
  X: (f) => strftime(f, '%H:%M:%S'),
  D: (f) => strftime(f, '%m/%d/%y'),
  F: (f) => strftime(f, '%Y-%m-%d'),
  T: (f) => strftime(f, '%H:%M:%S'),
  R: (f) => strftime(f, '%H:%M'),
  r: (f) => strftime(f, '%I:%M:%S %p'),
  n: () => '\n',
  t: () => '\t',
  '%': () => '%',
};

/** Formats `fields` like Python's `datetime.strftime(fmt)`. Unknown directives are kept as is (glibc). */
export function strftime(fields: TimeFields, fmt: string): string {
  return fmt.replace(/%(-?)([a-zA-Z%])/g, (whole, noPad: string, code: string) => {
    const num = NUMERIC[code];
    if (num) return noPad ? String(num[0](fields)) : pad(num[0](fields), num[1]);
    const fn = DIRECTIVES[code];
    return fn ? fn(fields) : whole;
  });
}
