import { CronSyntaxError } from './errors';
import { CronExpression, parseCron } from './cron-parser';
import { nextMatchingWall } from './wall-search';
import { ZoneClock, zoneClock } from './zone-clock';

const HOUR_MS = 3_600_000;
// Any instant whose local wall time equals W lies within [W-14h, W+12h]; sampling offsets just
// outside that span detects whether a transition can affect W.
const NEAR_MS = 16 * HOUR_MS;

/** How a local wall-clock time maps onto instants. */
type Resolved =
  | { kind: 'unique'; at: number }
  | { kind: 'gap'; at: number } // skipped (spring forward): `at` is the first valid instant after
  | { kind: 'repeat'; first: number; endWall: number }; // repeated (fall back): `endWall` ends the repeat

/**
 * The first fire time strictly after `after`, in time zone `tz`, or null (`@reboot` never fires
 * on the clock).
 *
 * Daylight-saving rule: a local time skipped by a spring-forward transition fires once, at
 * the first valid instant after it (the transition itself); several skipped times coalesce into
 * that one fire. A local time that occurs twice (fall back) fires once, at its first occurrence.
 *
 * @example nextFire('30 2 * * *', new Date('2024-03-09T12:00:00Z'), 'America/New_York')
 *   // 2024-03-10T07:00:00Z (03:00 EDT: 02:30 does not exist that day)
 * @throws CronSyntaxError for a bad expression, CronTimezoneError for an unknown zone.
 */
export function nextFire(expr: string | CronExpression, after: Date, tz: string): Date | null {
  const e = typeof expr === 'string' ? parseCron(expr) : expr;
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new CronSyntaxError('nextFire: "after" is an invalid Date');
  const clock = zoneClock(tz);
  if (e.reboot) return null;
  let start = Math.floor(clock.toWall(afterMs) / 1000) * 1000 + 1000;
  // Each pass either returns or moves `start` past a repeated/stale wall time; a few suffice.
  for (let pass = 0; pass < 8; pass++) {
    const wall = nextMatchingWall(e, start);
    if (wall === null) return null;
    const r = resolveWall(clock, wall);
    if (r.kind === 'repeat') {
      if (r.first > afterMs) return new Date(r.first);
      start = r.endWall; // second occurrence of a repeated time: skip the rest of the repeat
      continue;
    }
    if (r.at > afterMs) return new Date(r.at);
    start = wall + 1000;
  }
  return null;
}

/**
 * The next `count` fire times strictly after `after` (see {@link nextFire} for the DST rule).
 * @example nextFireTimes('@hourly', new Date(), 'UTC', 3)
 */
export function nextFireTimes(expr: string | CronExpression, after: Date, tz: string, count = 10): Date[] {
  const e = typeof expr === 'string' ? parseCron(expr) : expr;
  const out: Date[] = [];
  let cursor = after;
  while (out.length < count) {
    const next = nextFire(e, cursor, tz);
    if (next === null) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

function resolveWall(clock: ZoneClock, wall: number): Resolved {
  const early = clock.offsetMs(wall - NEAR_MS);
  const late = clock.offsetMs(wall + NEAR_MS);
  if (early === late) return { kind: 'unique', at: wall - early };
  const atEarly = wall - early;
  const atLate = wall - late;
  const earlyOk = clock.offsetMs(atEarly) === early;
  const lateOk = clock.offsetMs(atLate) === late;
  if (earlyOk && lateOk) {
    const transition = findTransition(clock, Math.min(atEarly, atLate), Math.max(atEarly, atLate), late);
    return { kind: 'repeat', first: Math.min(atEarly, atLate), endWall: transition + early };
  }
  if (earlyOk) return { kind: 'unique', at: atEarly };
  if (lateOk) return { kind: 'unique', at: atLate };
  const transition = findTransition(clock, Math.min(atEarly, atLate), Math.max(atEarly, atLate), late);
  return { kind: 'gap', at: transition };
}

/** First instant in (lo, hi] whose offset is `after` (binary search to the millisecond). */
function findTransition(clock: ZoneClock, lo: number, hi: number, after: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clock.offsetMs(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}
