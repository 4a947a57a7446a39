import { IANAZone } from 'luxon';
import { CronTimezoneError } from './errors';

// Offsets are looked up per 15-minute bucket: every modern tz transition falls on a quarter
// hour in UTC, and a bucket is cached only when both of its ends agree, so a transition inside
// a bucket falls back to the exact (slow, ~4 µs Intl) look-up.
const BUCKET_MS = 15 * 60_000;
const BUCKET_LIMIT = 20_000;

/** Fast UTC-offset look-ups for one IANA zone. */
export class ZoneClock {
  private readonly buckets = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly zone: IANAZone,
  ) {}

  /** Offset of local time from UTC at instant `ts`, in milliseconds. */
  offsetMs(ts: number): number {
    const bucket = Math.floor(ts / BUCKET_MS);
    const hit = this.buckets.get(bucket);
    if (hit !== undefined) return hit;
    const start = this.exact(bucket * BUCKET_MS);
    if (start !== this.exact(bucket * BUCKET_MS + BUCKET_MS - 1)) return this.exact(ts);
    if (this.buckets.size >= BUCKET_LIMIT) this.buckets.clear();
    this.buckets.set(bucket, start);
    return start;
  }

  /** Local wall-clock time of `ts`, encoded as if it were a UTC epoch value. */
  toWall(ts: number): number {
    return ts + this.offsetMs(ts);
  }

  private exact(ts: number): number {
    return this.zone.offset(ts) * 60_000;
  }
}

const clocks = new Map<string, ZoneClock>();

/** True when `tz` is a known IANA zone name. */
export function isValidTimezone(tz: string): boolean {
  // luxon's check builds an Intl.DateTimeFormat (~30 µs, tens of KB) per call: go through the
  // per-zone cache so 100,000 jobs cost one check per distinct zone.
  if (typeof tz !== 'string') return false;
  if (clocks.has(tz)) return true;
  if (!IANAZone.isValidZone(tz)) return false;
  clocks.set(tz, new ZoneClock(tz, IANAZone.create(tz)));
  return true;
}

/**
 * The shared {@link ZoneClock} of a zone.
 * @throws CronTimezoneError (code `CRON_TZ_INVALID`) for an unknown zone.
 */
export function zoneClock(tz: string): ZoneClock {
  const hit = clocks.get(tz);
  if (hit) return hit;
  if (!isValidTimezone(tz)) throw new CronTimezoneError(tz);
  return clocks.get(tz) as ZoneClock;
}
