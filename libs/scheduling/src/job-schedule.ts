import { isValidTimezone, nextFire } from '@lava/cron';
import { isDuration, parseDuration } from '@lava/core';
import { ScheduleInvalidError } from './errors';
import { CompiledEntry, compileEntries, isActiveAt } from './schedule-entry';

/** Default per-job catch-up window: fires missed within 5 minutes are sent once. */
export const DEFAULT_CATCHUP_SECONDS = 300;

/**
 * The scheduling-relevant part of a job item (the `dispatcher-index` projection plus the
 * optional extensions). Map the DynamoDB item's `job_id` to `jobId`.
 */
export interface ScheduledJobSpec {
  jobId: string;
  /** The raw `schedule` field. */
  schedule: unknown;
  /** Per-job IANA zone; overrides the dispatcher's zone. */
  timezone?: string;
  /** Catch-up window as a duration; `0` turns catch-up off. */
  catchup?: number | string;
  /** Only boolean `false` disables; Jinja strings are left to the worker. */
  enabled?: unknown;
}

/** Defaults applied when compiling a {@link ScheduledJobSpec}. */
export interface CompileOptions {
  /** The dispatcher's zone (`CRON_TZ` in the original). */
  defaultTimezone: string;
  /** Default {@link DEFAULT_CATCHUP_SECONDS}. */
  defaultCatchupSeconds?: number;
}

/** A job's compiled schedule: entries with their windows, zone, catch-up window and switch. */
export class JobSchedule {
  constructor(
    readonly jobId: string,
    readonly entries: readonly CompiledEntry[],
    readonly tz: string,
    readonly catchupSeconds: number,
    readonly enabled: boolean,
  ) {}

  /** True when the job is enabled and has an `@reboot` entry active at `at` (scheduler start). */
  rebootDue(at: Date): boolean {
    return this.enabled && this.entries.some((e) => e.cron.reboot && isActiveAt(e, at.getTime()));
  }

  /**
   * The earliest fire strictly after `after` over all entries whose activity window contains
   * that fire time (the window is checked at fire time, not at load). Null when none remains
   * or the job is disabled.
   *
   * @example compileJobSchedule({ jobId: 'a', schedule: '*\/5 * * * *' }, { defaultTimezone: 'UTC' }).nextDue(new Date())
   */
  nextDue(after: Date): Date | null {
    const ms = this.nextDueMs(after.getTime());
    return ms === null ? null : new Date(ms);
  }

  /** {@link nextDue} on epoch milliseconds (no Date allocation for the caller). */
  nextDueMs(afterMs: number): number | null {
    if (!this.enabled) return null;
    let best: number | null = null;
    for (const entry of this.entries) {
      const t = nextInWindow(entry, afterMs, this.tz);
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  }
}

/** Next fire of one entry inside its window, jumping over inactive stretches in O(1) steps. */
function nextInWindow(entry: CompiledEntry, afterMs: number, tz: string): number | null {
  if (entry.cron.reboot) return null;
  let cursor = afterMs;
  for (let jump = 0; jump < 3; jump++) {
    const t = nextFire(entry.cron, new Date(cursor), tz)?.getTime() ?? null;
    if (t === null || isActiveAt(entry, t)) return t;
    // Inactive: either before the window or in the suspended gap, both end at `from`; a fire
    // after `to` with from <= to means the entry is finished.
    if (entry.fromMs <= entry.toMs && t > entry.toMs) return null;
    cursor = Math.max(cursor, entry.fromMs - 1);
  }
  return null;
}

/**
 * Compiles a job's schedule. Throws on any bad entry, zone or catch-up value.
 * @throws ScheduleInvalidError
 */
export function compileJobSchedule(spec: ScheduledJobSpec, opts: CompileOptions): JobSchedule {
  const tz = spec.timezone ?? opts.defaultTimezone;
  if (!isValidTimezone(tz)) throw new ScheduleInvalidError(`Unknown time zone "${tz}"`, spec.jobId);
  const entries = compileEntries(spec.schedule, tz, spec.jobId);
  const catchup =
    spec.catchup === undefined
      ? (opts.defaultCatchupSeconds ?? DEFAULT_CATCHUP_SECONDS)
      : catchupSeconds(spec.catchup);
  if (catchup === null || catchup < 0) {
    throw new ScheduleInvalidError(
      `Bad "catchup": ${JSON.stringify(spec.catchup)} (expected a duration such as 300, "5m" or 0)`,
      spec.jobId,
    );
  }
  return new JobSchedule(spec.jobId, entries, tz, catchup, spec.enabled !== false);
}

/** The catch-up window in seconds, or null when the value is not a duration. */
function catchupSeconds(value: unknown): number | null {
  return isDuration(value) ? parseDuration(value) : null;
}
