import { DueBuckets } from './due-buckets';
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
 * The in-memory schedule of one scheduler: every job's compiled schedule plus its due times,
 * grouped by instant ({@link DueBuckets}). Cost per fire is O(1) plus one heap step per distinct
 * instant; edits take effect at once.
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
  /** jobId to slot; a slot's fields live in the parallel arrays below (no object per job). */
  private readonly slots = new Map<string, number>();
  private readonly ids: (string | undefined)[] = [];
  private readonly compiled: (JobSchedule | undefined)[] = [];
  /** Per slot: the last slot time taken by {@link takeDue} (NaN: none). */
  private lastFired = new Float64Array(1024).fill(NaN);
  private readonly free: number[] = [];
  private readonly due = new DueBuckets();
  private cursor = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: CompileOptions) {}

  /** Jobs in the table (enabled or not). */
  get size(): number {
    return this.slots.size;
  }

  /** Jobs waiting for a fire. */
  get pending(): number {
    return this.due.size;
  }

  /** Replaces the table with `specs`, positioned at `now`. Bad jobs are reported, not fatal. */
  load(specs: Iterable<ScheduledJobSpec>, now: Date): LoadReport {
    this.slots.clear();
    this.ids.length = 0;
    this.compiled.length = 0;
    this.free.length = 0;
    this.lastFired.fill(NaN);
    this.due.clear();
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
    const slot = this.slotOf(spec.jobId);
    this.compiled[slot] = schedule;
    const last = this.lastFired[slot] as number;
    this.reschedule(slot, Number.isNaN(last) ? this.cursor : Math.max(this.cursor, last));
    return schedule;
  }

  /** Removes a job; false when unknown. */
  delete(jobId: string): boolean {
    const slot = this.slots.get(jobId);
    if (slot === undefined) return false;
    this.slots.delete(jobId);
    this.due.delete(slot);
    this.ids[slot] = undefined;
    this.compiled[slot] = undefined;
    this.lastFired[slot] = NaN;
    this.free.push(slot);
    return true;
  }

  get(jobId: string): JobSchedule | undefined {
    const slot = this.slots.get(jobId);
    return slot === undefined ? undefined : this.compiled[slot];
  }

  /** All compiled schedules (for catch-up planning and `schedule next`). */
  *schedules(): IterableIterator<JobSchedule> {
    for (const schedule of this.compiled) if (schedule) yield schedule;
  }

  /** The next due fire of `jobId`, if it has one. */
  dueAt(jobId: string): Date | undefined {
    const slot = this.slots.get(jobId);
    const at = slot === undefined ? undefined : this.due.get(slot);
    return at === undefined ? undefined : new Date(at);
  }

  /** The earliest due time in the table: how long the caller may sleep. */
  nextDueAt(): Date | undefined {
    const at = this.due.peek();
    return at === undefined ? undefined : new Date(at);
  }

  /**
   * Removes and returns every fire due at or before `now` (at most `limit`), in time order
   * (ties by jobId), and reschedules each job from its fired slot. A job that fell behind yields
   * each missed slot in turn; use {@link planCatchUp} for outages instead of replaying them.
   */
  takeDue(now: Date, limit = Infinity): Fire[] {
    const nowMs = now.getTime();
    const fires: Fire[] = [];
    while (fires.length < limit) {
      const bucket = this.due.popDue(nowMs);
      if (!bucket) break;
      const { at, slots } = bucket;
      slots.sort((a, b) => ((this.ids[a] as string) < (this.ids[b] as string) ? -1 : 1));
      const taken = Math.min(slots.length, limit - fires.length);
      // Cut short by `limit`: the rest stay due at the same instant.
      for (let i = taken; i < slots.length; i++) this.due.set(slots[i] as number, at);
      const scheduledAt = new Date(at);
      for (let i = 0; i < taken; i++) {
        const slot = slots[i] as number;
        fires.push(makeFire(this.ids[slot] as string, scheduledAt));
        this.lastFired[slot] = at;
        this.reschedule(slot, at);
      }
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
    for (const s of this.schedules()) if (s.rebootDue(at)) out.push(makeFire(s.jobId, at));
    return out;
  }

  private slotOf(jobId: string): number {
    const known = this.slots.get(jobId);
    if (known !== undefined) return known;
    const slot = this.free.pop() ?? this.ids.length;
    if (slot >= this.lastFired.length) {
      const grown = new Float64Array(this.lastFired.length * 2).fill(NaN);
      grown.set(this.lastFired);
      this.lastFired = grown;
    }
    this.slots.set(jobId, slot);
    this.ids[slot] = jobId;
    this.lastFired[slot] = NaN;
    return slot;
  }

  private reschedule(slot: number, afterMs: number): void {
    const next = (this.compiled[slot] as JobSchedule).nextDueMs(afterMs);
    if (next === null) this.due.delete(slot);
    else this.due.set(slot, next);
  }
}
