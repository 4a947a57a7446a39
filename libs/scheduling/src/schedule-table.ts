import { DueHeap } from './due-heap';
import { Fire, makeFire } from './fire';
import { CompileOptions, JobSchedule, ScheduledJobSpec, compileJobSchedule } from './job-schedule';

/** A job that could not be loaded, with the reason (the other jobs still load). */
export interface LoadProblem {
  readonly jobId: string;
  readonly error: Error;
}

/** Outcome of {@link ScheduleTable.load}. */
export interface LoadReport {
  readonly loaded: number;
  readonly problems: LoadProblem[];
}

/**
 * The in-memory schedule of one scheduler: every job's compiled schedule plus a due-time heap.
 * Cost per fire is O(log n); edits are O(log n) and take effect at once.
 *
 * The table keeps a cursor (the last instant up to which fires were taken) so a job added or
 * edited after that instant still gets any fire that falls between the cursor and the next
 * {@link takeDue}: edits never silently skip a slot.
 *
 * @example
 * const table = new ScheduleTable({ defaultTimezone: 'Australia/Sydney' });
 * table.load(specs, new Date());
 * for (const fire of table.takeDue(new Date())) publish(fire);
 */
export class ScheduleTable {
  private readonly jobs = new Map<string, JobSchedule>();
  private readonly lastFired = new Map<string, number>();
  private readonly heap = new DueHeap();
  private cursor = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: CompileOptions) {}

  /** Jobs in the table (enabled or not). */
  get size(): number {
    return this.jobs.size;
  }

  /** Jobs waiting in the due heap. */
  get pending(): number {
    return this.heap.size;
  }

  /** Replaces the table with `specs`, positioned at `now`. Bad jobs are reported, not fatal. */
  load(specs: Iterable<ScheduledJobSpec>, now: Date): LoadReport {
    for (const id of this.jobs.keys()) this.heap.delete(id);
    this.jobs.clear();
    this.lastFired.clear();
    this.cursor = now.getTime();
    const problems: LoadProblem[] = [];
    let loaded = 0;
    for (const spec of specs) {
      try {
        this.upsert(spec);
        loaded++;
      } catch (error) {
        problems.push({ jobId: spec.jobId, error: error as Error });
      }
    }
    return { loaded, problems };
  }

  /**
   * Adds or replaces one job; its next fire is recomputed at once. An invalid spec throws
   * and leaves the previous schedule in place.
   * @throws ScheduleInvalidError; Error when called before {@link load}.
   */
  upsert(spec: ScheduledJobSpec): JobSchedule {
    // Positioning needs a "now"; without load() there is none and fires would replay from 1970.
    if (this.cursor === Number.NEGATIVE_INFINITY)
      throw new Error('ScheduleTable.load() must be called before upsert()');
    const schedule = compileJobSchedule(spec, this.options);
    this.jobs.set(spec.jobId, schedule);
    this.reschedule(
      schedule,
      Math.max(this.cursor, this.lastFired.get(spec.jobId) ?? Number.NEGATIVE_INFINITY),
    );
    return schedule;
  }

  /** Removes a job; false when unknown. */
  delete(jobId: string): boolean {
    this.heap.delete(jobId);
    this.lastFired.delete(jobId);
    return this.jobs.delete(jobId);
  }

  get(jobId: string): JobSchedule | undefined {
    return this.jobs.get(jobId);
  }

  /** All compiled schedules (for catch-up planning and `schedule next`). */
  schedules(): IterableIterator<JobSchedule> {
    return this.jobs.values();
  }

  /** The next due fire of `jobId`, if it has one. */
  dueAt(jobId: string): Date | undefined {
    const at = this.heap.get(jobId);
    return at === undefined ? undefined : new Date(at);
  }

  /** The earliest due time in the table: how long the caller may sleep. */
  nextDueAt(): Date | undefined {
    const top = this.heap.peek();
    return top ? new Date(top.at) : undefined;
  }

  /**
   * Removes and returns every fire due at or before `now` (at most `limit`), in time order,
   * and reschedules each job from its fired slot. A job that fell behind yields each missed
   * slot in turn; use {@link planCatchUp} for outages instead of replaying them.
   */
  takeDue(now: Date, limit = Infinity): Fire[] {
    const nowMs = now.getTime();
    const fires: Fire[] = [];
    while (fires.length < limit) {
      const top = this.heap.peek();
      if (!top || top.at > nowMs) break;
      fires.push(makeFire(top.jobId, new Date(top.at)));
      this.lastFired.set(top.jobId, top.at);
      const schedule = this.jobs.get(top.jobId);
      if (schedule) this.reschedule(schedule, top.at);
      else this.heap.delete(top.jobId);
    }
    // When cut short by `limit`, slots at the last fired time may remain: keep them reachable.
    const last = fires[fires.length - 1];
    this.cursor =
      fires.length === limit && last ? last.scheduledAt.getTime() - 1 : Math.max(this.cursor, nowMs);
    return fires;
  }

  /** Fires of the enabled jobs with an active `@reboot` entry, for scheduler start-up. */
  rebootFires(at: Date): Fire[] {
    const out: Fire[] = [];
    for (const s of this.jobs.values()) if (s.rebootDue(at)) out.push(makeFire(s.jobId, at));
    return out;
  }

  private reschedule(schedule: JobSchedule, afterMs: number): void {
    const next = schedule.nextDueMs(afterMs);
    if (next === null) this.heap.delete(schedule.jobId);
    else this.heap.set(schedule.jobId, next);
  }
}
