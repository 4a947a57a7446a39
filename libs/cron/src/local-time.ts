import { DateTime } from 'luxon';
import { zoneClock } from './zone-clock';

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
