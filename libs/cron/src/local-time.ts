import { DateTime } from 'luxon';
import { zoneClock } from './zone-clock';

// Many jobs share window bounds ("2024-01-01"); luxon parsing costs ~50 µs, so cache by text.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, number | null>();

/**
 * Parses a date-time leniently (ISO-8601 such as `2024-05-01`, `2024-05-01T10:00`,
 * `2024-05-01 10:00:00+02:00`; SQL; RFC 2822). A value without an offset is a wall-clock time
 * in `tz`; a value with one keeps it. Returns null when nothing matches.
 *
 * @example parseLocalDateTime('2024-07-01 09:00', 'Europe/London') // 2024-07-01T08:00:00Z
 * @throws CronTimezoneError for an unknown zone.
 */
export function parseLocalDateTime(text: string, tz: string): Date | null {
  zoneClock(tz); // validates the zone name with a typed error
  const key = `${tz} ${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit === null ? null : new Date(hit);
  const parsed = parseUncached(text, tz);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed === null ? null : parsed.getTime());
  return parsed;
}

function parseUncached(text: string, tz: string): Date | null {
  const trimmed = text.trim();
  const opts = { zone: tz, setZone: true };
  const candidates = [
    () => DateTime.fromISO(trimmed, opts),
    () => DateTime.fromSQL(trimmed, opts),
    () => DateTime.fromRFC2822(trimmed, opts),
  ];
  for (const parse of candidates) {
    const dt = parse();
    if (dt.isValid) return dt.toJSDate();
  }
  return null;
}
