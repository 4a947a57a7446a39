import type { CronExpression } from './cron-parser';

// A satisfiable day pattern repeats within the 400-year Gregorian cycle; impossible ones are
// rejected by the parser, so this bound is only a guard.
const SEARCH_YEARS = 400;

/** Mutable calendar cursor in local wall-clock fields. */
interface Cursor {
  y: number;
  mo: number; // 1-12
  d: number;
  h: number;
  mi: number;
  s: number;
}

/**
 * The first wall-clock time >= `startWall` (UTC-encoded local time, whole seconds) that
 * matches `e`, or null. It jumps field by field (month, day, hour, minute, second) using the
 * fields' `next` tables, so a call costs a few dozen steps, not a scan of minutes.
 */
export function nextMatchingWall(e: CronExpression, startWall: number): number | null {
  const t = new Date(startWall);
  const c: Cursor = {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  };
  const lastYear = c.y + SEARCH_YEARS;
  while (c.y <= lastYear) {
    normalise(c);
    if (step(e, c)) return Date.UTC(c.y, c.mo - 1, c.d, c.h, c.mi, c.s);
  }
  return null;
}

/** One refinement step: true when the cursor matches; otherwise it moved forward. */
function step(e: CronExpression, c: Cursor): boolean {
  const mo = e.month.next[c.mo] ?? -1;
  if (mo === -1) return reset(c, { y: c.y + 1, mo: 1, d: 1 });
  if (mo !== c.mo) return reset(c, { mo, d: 1 });
  const d = nextDay(e, c.y, c.mo, c.d);
  if (d === -1) return reset(c, { mo: c.mo + 1, d: 1 });
  if (d !== c.d) return reset(c, { d });
  const h = e.hour.next[c.h] ?? -1;
  if (h === -1) return reset(c, { d: c.d + 1 });
  if (h !== c.h) return reset(c, { h });
  const mi = e.minute.next[c.mi] ?? -1;
  if (mi === -1) return reset(c, { h: c.h + 1 });
  if (mi !== c.mi) return reset(c, { mi });
  const s = e.second.next[c.s] ?? -1;
  if (s === -1) return reset(c, { mi: c.mi + 1 });
  c.s = s;
  return true;
}

/** Sets the given fields and zeroes every finer field. Always returns false (no match yet). */
function reset(c: Cursor, to: Partial<Cursor>): false {
  const order: (keyof Cursor)[] = ['y', 'mo', 'd', 'h', 'mi', 's'];
  let finer = false;
  for (const k of order) {
    if (to[k] !== undefined) {
      c[k] = to[k];
      finer = true;
    } else if (finer) {
      c[k] = k === 'mo' || k === 'd' ? 1 : 0;
    }
  }
  return false;
}

/** Carries overflowing fields (minute 60, day 32, ...) into the next coarser field. */
function normalise(c: Cursor): void {
  if (c.s > 59) reset(c, { mi: c.mi + 1 });
  if (c.mi > 59) reset(c, { h: c.h + 1 });
  if (c.h > 23) reset(c, { d: c.d + 1 });
  if (c.d > daysInMonth(c.y, c.mo)) reset(c, { mo: c.mo + 1 });
  if (c.mo > 12) reset(c, { y: c.y + 1 });
}

/**
 * Next matching day >= `from` in the month, or -1. Vixie rule: when either day field starts
 * with `*`, both must match (AND); otherwise either may match (OR).
 */
function nextDay(e: CronExpression, y: number, mo: number, from: number): number {
  const last = daysInMonth(y, mo);
  let weekday = new Date(Date.UTC(y, mo - 1, from)).getUTCDay();
  const and = e.dayOfMonth.star || e.dayOfWeek.star;
  for (let d = from; d <= last; d++) {
    const dom = e.dayOfMonth.has[d] === 1;
    const dow = e.dayOfWeek.has[weekday] === 1;
    if (and ? dom && dow : dom || dow) return d;
    weekday = (weekday + 1) % 7;
  }
  return -1;
}

/** Days in month `mo` (1-12) of year `y` (proleptic Gregorian). */
export function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
