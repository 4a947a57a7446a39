import { ValueFormatError } from '../errors';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch (cause) {
      throw new ValueFormatError(
        `Bad timezone: ${JSON.stringify(tz)}: ${(cause as Error).message}`,
        'timezone',
      );
    }
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name the runtime knows (or `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch for calendar fields in UTC, correct for years 0-99 too. */
export function utcMillis(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, h, mi, s, ms));
  date.setUTCFullYear(y, mo - 1, d);
  return date.getTime();
}

/** Offset of `tz` from UTC at the instant `at`, in minutes (east positive, e.g. +600 for Sydney). */
export function timeZoneOffsetMinutes(at: Date, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(at)) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = utcMillis(
    year,
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((local - whole) / 60000);
}

/**
 * The instant at which the wall-clock time (given as UTC-style fields in `wallMs`) occurs in `tz`.
 * For a gap (DST forward) the later offset is used; for an overlap the earlier instant.
 */
export function wallTimeToInstant(wallMs: number, tz: string): Date {
  const first = timeZoneOffsetMinutes(new Date(wallMs), tz);
  let guess = wallMs - first * 60000;
  const second = timeZoneOffsetMinutes(new Date(guess), tz);
  if (second !== first) guess = wallMs - second * 60000;
  return new Date(guess);
}
