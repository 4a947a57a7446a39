import { Fire, MissedFire, makeFire } from './fire';
import type { JobSchedule } from './job-schedule';

/** Inputs of {@link planCatchUp}. */
export interface CatchUpInput {
  /** The job's last fired slot, when known (from the run history or the previous leader). */
  lastFiredAt?: Date;
  /** When scheduling stopped (last lease expiry seen, or process stop). */
  downSince: Date;
  now: Date;
  /** Catch-up window; defaults to the schedule's `catchupSeconds`. `0` turns catch-up off. */
  catchupSeconds?: number;
  schedule: JobSchedule;
  /** At most this many misses are listed (default 100). */
  maxMissed?: number;
  /** Misses are counted up to this bound (default 10,000); beyond it the total is a lower bound. */
  countLimit?: number;
}

/** What to do about a job's slots missed while nobody fired. */
export interface CatchUpPlan {
  /** The latest missed slot, when it lies within the catch-up window: dispatch it once. */
  fire?: Fire;
  /** The oldest misses not caught up (up to `maxMissed`): publish `Schedule Missed` for them. */
  missed: MissedFire[];
  /** How many slots were missed and not caught up (a lower bound when `missedTotalExact` is false). */
  missedTotal: number;
  missedTotalExact: boolean;
}

/**
 * Decides catch-up for one job: of the slots in (max(downSince, lastFiredAt), now], the latest is
 * fired once when it is within `catchupSeconds` of `now`; every other slot is reported missed.
 * Bounded: the latest slot is found by galloping backwards from `now` (O(log gap) next-fire
 * computations), and the misses are listed and counted only up to caps.
 *
 * @example planCatchUp({ downSince, now, schedule }) // { fire: {...}, missed: [...], missedTotal: 3, ... }
 */
export function planCatchUp(input: CatchUpInput): CatchUpPlan {
  const { schedule, now } = input;
  const nowMs = now.getTime();
  const since = Math.max(input.downSince.getTime(), input.lastFiredAt?.getTime() ?? Number.NEGATIVE_INFINITY);
  const first = schedule.nextDueMs(since);
  if (first === null || first > nowMs) return { missed: [], missedTotal: 0, missedTotalExact: true };
  const windowMs = (input.catchupSeconds ?? schedule.catchupSeconds) * 1000;
  const latest = windowMs > 0 ? latestSlot(schedule, Math.max(since, nowMs - windowMs), nowMs) : null;
  const missedUntil = latest ?? nowMs + 1; // misses are the slots before the fired one
  const { listed, total, exact } = listMisses(
    schedule,
    first,
    missedUntil,
    input.maxMissed ?? 100,
    input.countLimit ?? 10_000,
  );
  return {
    ...(latest === null ? {} : { fire: makeFire(schedule.jobId, new Date(latest)) }),
    missed: listed.map((ms) => ({ jobId: schedule.jobId, scheduledAt: new Date(ms) })),
    missedTotal: total,
    missedTotalExact: exact,
  };
}

/** The latest slot in (lo, now], or null: gallops back from `now` doubling the span. */
function latestSlot(schedule: JobSchedule, lo: number, now: number): number | null {
  for (let span = 1000; ; span *= 2) {
    const start = Math.max(lo, now - span);
    const t = schedule.nextDueMs(start);
    if (t !== null && t <= now) return walkToLast(schedule, t, now);
    if (start === lo) return null;
  }
}

function walkToLast(schedule: JobSchedule, from: number, now: number): number {
  let last = from;
  for (;;) {
    const next = schedule.nextDueMs(last);
    if (next === null || next > now) return last;
    last = next;
  }
}

function listMisses(
  schedule: JobSchedule,
  first: number,
  until: number,
  maxListed: number,
  countLimit: number,
): { listed: number[]; total: number; exact: boolean } {
  const listed: number[] = [];
  let total = 0;
  for (let t: number | null = first; t !== null && t < until; t = schedule.nextDueMs(t)) {
    if (total >= countLimit) return { listed, total, exact: false };
    if (listed.length < maxListed) listed.push(t);
    total++;
  }
  return { listed, total, exact: true };
}
