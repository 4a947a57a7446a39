import { ValueFormatError } from '../errors';
import { timeZoneOffsetMinutes, utcMillis, wallTimeToInstant } from './timezone';

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/**
 * Formats an instant the way Lava writes timestamps: ISO-8601 with offset, whole seconds,
 * in `tz` (default UTC, which gives `+00:00` like Python's `isoformat()`).
 *
 * @example formatTimestamp(new Date('2024-05-01T00:15:00Z'), 'Australia/Sydney') === '2024-05-01T10:15:00+10:00'
 */
export function formatTimestamp(at: Date, tz = 'UTC'): string {
  return withOffset(at, timeZoneOffsetMinutes(at, tz));
}

/** `at` as wall-clock time at `offset` minutes east of UTC, whole seconds, with the offset. */
function withOffset(at: Date, offset: number): string {
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset * 60000);
  const sign = offset < 0 ? '-' : '+';
  return `${naive(local)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/**
 * Rewrites a timestamp in Lava's one stored form (`ts_event`, `ts_dispatch`): ISO-8601, whole
 * seconds, with the offset the text carried (`Z` becomes `+00:00`; no zone means UTC).
 *
 * @example normalizeTimestamp('2026-12-06T19:58:30.893Z') === '2026-12-06T19:58:30+00:00'
 * @throws ValueFormatError when the text is not a recognisable date-time.
 */
export function normalizeTimestamp(value: unknown): string {
  const at = parseTimestamp(value);
  const zone = LENIENT_RE.exec((value as string).trim())?.[8];
  return withOffset(at, zone && /^[+-]/.test(zone) ? offsetMinutes(zone) : 0);
}

/** Minutes east of UTC of `±HH`, `±HHMM` or `±HH:MM`. */
function offsetMinutes(zone: string): number {
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Naive UTC, whole seconds (`tu_event`, the events LSI sort key): `2024-05-01T00:15:00`. */
export function formatUtcNaive(at: Date): string {
  return naive(new Date(Math.floor(at.getTime() / 1000) * 1000));
}

function naive(d: Date): string {
  const y = d.getUTCFullYear();
  return (
    `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

// Date, optional time (T or space), optional fraction, optional zone (Z, ±HH, ±HHMM, ±HH:MM).
const LENIENT_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const STRICT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Lenient timestamp parser (used for `ts_dispatch`, schedule `from`/`to`, state `timestamp`):
 * ISO-8601 date or date-time, `T` or space separator, optional fraction and zone. A value
 * without a zone is wall-clock time in `tz` (default UTC).
 *
 * @throws ValueFormatError when the text is not a recognisable date-time.
 */
export function parseTimestamp(value: unknown, tz = 'UTC'): Date {
  const m = typeof value === 'string' ? LENIENT_RE.exec(value.trim()) : null;
  if (!m) throw new ValueFormatError(`Bad timestamp: ${JSON.stringify(value)}`, 'timestamp');
  return fromParts(m, tz, value as string);
}

// The schedule `from`/`to` forms: the lenient ones above with an hour-only time allowed
// (`2023-07-01T10`), and ISO-8601 basic form (`20230701`, `20230701T1030`).
const SCHEDULE_EXTENDED_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const SCHEDULE_BASIC_RE =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a schedule window bound (`from`/`to` of a `schedule` entry). The one rule shared by job
 * validation and the scheduler, so a job that validates also fires. It accepts the numeric forms
 * the original's lenient parser accepted: an ISO-8601 date in extended form (`2023-07-01`,
 * unpadded `2023-7-1`) or basic form (`20230701`), optionally with a time of hours, hours and
 * minutes, or hours, minutes and seconds (`T` or space; basic form needs `T`), a fraction, and a
 * zone. Partial dates (`2023-07`), month names and times without a date are refused: the
 * original filled them from the current date, so a window written that way moved every day.
 * A value without a zone is wall-clock time in `tz`.
 *
 * @example parseScheduleTimestamp('2023-7-1', 'UTC').toISOString() === '2023-07-01T00:00:00.000Z'
 * @throws ValueFormatError when the text is not one of these forms or a part is out of range.
 */
export function parseScheduleTimestamp(value: unknown, tz = 'UTC'): Date {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const m = text === undefined ? null : (SCHEDULE_EXTENDED_RE.exec(text) ?? SCHEDULE_BASIC_RE.exec(text));
  if (!m) throw new ValueFormatError(`Bad timestamp: ${JSON.stringify(value)}`, 'timestamp');
  return fromParts(m, tz, value as string);
}

/**
 * Strict ISO-8601 with an offset (`YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM` or `Z`), the form the
 * original requires for `globals.lava.*_start`.
 */
export function parseStrictIsoTimestamp(value: unknown): Date {
  const m = typeof value === 'string' ? STRICT_RE.exec(value) : null;
  if (!m) throw new ValueFormatError(`Bad timestamp: ${String(value)}`, 'timestamp');
  return fromParts(m, 'UTC', value as string);
}

/** True when the text carries an explicit zone (Z or an offset). */
export function hasZone(value: string): boolean {
  return /(Z|z|UTC|[+-]\d{2}(:?\d{2})?)$/.test(value.trim()) && /[T ]\d/.test(value);
}

function fromParts(m: RegExpExecArray, tz: string, raw: string): Date {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] ? Math.floor(Number('0.' + m[7]) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new ValueFormatError(`Bad timestamp: ${JSON.stringify(raw)}: out of range`, 'timestamp');
  }
  const wall = utcMillis(y, mo, d, h, mi, s, ms);
  const zone = m[8];
  if (!zone) return wallTimeToInstant(wall, tz);
  return new Date(wall - zoneMinutes(zone) * 60000);
}

function zoneMinutes(zone: string): number {
  if (/^(Z|z|UTC)$/.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

function daysIn(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(mo) ? 30 : 31;
}
