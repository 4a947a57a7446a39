import type { Logger } from '@lava/logging';
import {
  LeaseStateMachine,
  ScheduleTable,
  planCatchUp,
  stepLease,
  type Fire,
  type LeaseStore,
  type LeaseTimings,
  type LoadProblem,
  type LoadReport,
  type MissedFire,
  unschedulableReason,
} from '@lava/scheduling';
import { scheduleFingerprint, toScheduledSpec } from './job-spec';
import type { Clock, FireSink, ItemPages, PreparedFires, ProgressStore, SchedulableItem } from './ports';

/** Everything one dispatcher's scheduler needs; all I/O behind the injected ports. */
export interface DispatcherSchedulerDeps {
  dispatcher: string;
  /** The dispatcher's default zone (`CRON_TZ`); a job's `timezone` overrides it. */
  timezone: string;
  /** This replica's unique id (lease owner). */
  owner: string;
  lease: LeaseStore;
  progress: ProgressStore;
  sink: FireSink;
  clock: Clock;
  logger: Logger;
  timings?: LeaseTimings;
  /** Catch-up never looks further back than this (bounds the work after a long outage). */
  missedHorizonMs?: number;
  /** `Schedule Missed` events per job and catch-up (the count is in the reason). */
  maxMissedEvents?: number;
  /**
   * The leader takes the next slot's fires and builds their events this long before it is due,
   * so at the due instant only the PutEvents calls remain (default 200 ms).
   */
  lookaheadMs?: number;
  /**
   * This replica's own switch (the original's no-dispatch file, with LAVA_CHECK_DISPATCH): a
   * reason while it is on. Then the replica releases the lease it holds and takes none, so
   * another replica fires the schedule instead of the fires being skipped.
   */
  standby?: () => string | undefined;
}

/** Summary of a step, for logs, health and tests. */
export interface FireStepResult {
  published: number;
  missed: number;
}

const NOTHING: FireStepResult = { published: 0, missed: 0 };
/** Items a reconcile applies between two pauses. */
const RECONCILE_SLICE = 1_000;
/** While a fire step publishes, {@link DispatcherScheduler.busyForMs} asks to look again this soon. */
const BUSY_POLL_MS = 10;
const FINGERPRINT_POOL_LIMIT = 10_000;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A {@link LoadReport} being filled. */
interface MutableReport {
  loaded: number;
  problems: LoadProblem[];
}

/** Calls `each` on every item of `pages`, awaiting `pause` after each slice of a page. */
async function eachSlice(
  pages: ItemPages | Iterable<readonly SchedulableItem[]>,
  pause: () => Promise<void>,
  each: (item: SchedulableItem) => void,
): Promise<void> {
  for await (const page of pages) {
    for (let from = 0; from < page.length; from += RECONCILE_SLICE) {
      const to = Math.min(page.length, from + RECONCILE_SLICE);
      for (let i = from; i < to; i++) each(page[i] as SchedulableItem);
      await pause();
    }
    if (!page.length) await pause();
  }
}

/**
 * The scheduler of one dispatcher name: its schedule table, its lease and its firing.
 *
 * - Only the lease holder publishes; {@link fireStep} checks `canFire` before every publish,
 *   and a fenced progress write after it, so a replica that lost the lease stops at once.
 * - Followers keep their table moving (fires taken and dropped), so that on takeover only the
 *   gap since the previous holder's watermark needs {@link planCatchUp}.
 * - `@reboot` entries fire when this process first takes the lease (a node start in the original).
 *
 * Steps are driven by the caller with the time (see `SchedulerEngine`), so tests run it on a fake clock.
 */
export class DispatcherScheduler {
  readonly name: string;
  readonly table: ScheduleTable;
  private readonly machine: LeaseStateMachine;
  private readonly fingerprints = new Map<string, string>();
  private readonly fingerprintPool = new Map<string, string>();
  private readonly startedAt: Date;
  private readonly log: Logger;
  private leading = false;
  private stepInFlight = false;
  private standingBy: string | undefined;
  private loaded = false;
  private rebootDone = false;
  private retry: Fire[] = [];
  private firedThroughMs: number | undefined;
  private progressInFlight: Promise<void> | undefined;
  private pendingMark: { at: Date; token: number } | undefined;
  private prepared: { atMs: number; batch: PreparedFires } | undefined;

  constructor(private readonly deps: DispatcherSchedulerDeps) {
    this.name = deps.dispatcher;
    this.table = new ScheduleTable({ defaultTimezone: deps.timezone });
    this.startedAt = deps.clock();
    this.machine = new LeaseStateMachine(this.startedAt, deps.timings);
    this.log = deps.logger.child({ dispatcher: deps.dispatcher });
  }

  /**
   * One shared string per distinct fingerprint: jobs mostly share a few schedules, so 100,000
   * jobs keep a few hundred strings instead of one each. Cleared when large (still correct:
   * comparisons are by value).
   */
  private intern(fingerprint: string): string {
    const shared = this.fingerprintPool.get(fingerprint);
    if (shared !== undefined) return shared;
    if (this.fingerprintPool.size >= FINGERPRINT_POOL_LIMIT) this.fingerprintPool.clear();
    this.fingerprintPool.set(fingerprint, fingerprint);
    return fingerprint;
  }

  /** True (with a warning) for a record the scheduler never fires, such as the original's `lavasched`. */
  private skipUnschedulable(item: SchedulableItem): boolean {
    const reason = unschedulableReason(item);
    if (reason) this.log.warn('job not scheduled', { job_id: item.job_id, reason });
    return reason !== undefined;
  }

  /** True while this replica holds the lease and has caught up (it is the one firing). */
  get isFiring(): boolean {
    return this.leading && this.machine.canFire(this.deps.clock());
  }

  get leaseState(): string {
    return this.machine.state;
  }

  /** Replaces the table with the dispatcher's jobs. Bad schedules are logged, not fatal. */
  load(items: readonly SchedulableItem[], now: Date): LoadReport {
    const report = this.startLoad(now);
    for (const item of items) this.loadItem(item, report);
    return this.loadDone(report);
  }

  /** Empties the table, positioned at `now`, for the items that follow. */
  private startLoad(now: Date): MutableReport {
    this.loaded = true;
    this.fingerprints.clear();
    this.table.load([], now);
    return { loaded: 0, problems: [] };
  }

  private loadItem(item: SchedulableItem, report: MutableReport): void {
    if (item.dispatcher !== undefined && item.dispatcher !== this.name) return;
    if (this.skipUnschedulable(item)) return;
    const spec = toScheduledSpec(item);
    if (!spec) return;
    this.fingerprints.set(item.job_id, this.intern(scheduleFingerprint(item)));
    try {
      this.table.upsert(spec);
      report.loaded++;
    } catch (error) {
      report.problems.push({ jobId: spec.jobId, error: error as Error });
    }
  }

  private loadDone(report: MutableReport): LoadReport {
    for (const p of report.problems.slice(0, 20))
      this.log.warn('job not scheduled: bad schedule', { job_id: p.jobId, error: p.error.message });
    this.log.info('schedules loaded', {
      jobs: report.loaded,
      bad: report.problems.length,
      pending: this.table.pending,
    });
    return report;
  }

  /**
   * Applies one changed job item: adds, reschedules or removes it. Returns true when the table
   * changed. An item of another dispatcher, or without a schedule, is removed if present.
   */
  apply(item: SchedulableItem): boolean {
    const spec =
      item.dispatcher === this.name && !this.skipUnschedulable(item) ? toScheduledSpec(item) : undefined;
    if (!spec) {
      const had = this.fingerprints.delete(item.job_id);
      this.table.delete(item.job_id);
      if (had) this.log.info('job unscheduled', { job_id: item.job_id });
      return had;
    }
    const fingerprint = this.intern(scheduleFingerprint(item));
    if (this.fingerprints.get(item.job_id) === fingerprint) return false;
    this.fingerprints.set(item.job_id, fingerprint);
    try {
      this.table.upsert(spec);
      this.log.info('job rescheduled', {
        job_id: item.job_id,
        next: this.table.dueAt(item.job_id)?.toISOString() ?? null,
      });
    } catch (error) {
      // Keeps the previous schedule: a bad edit must not silently stop a working job.
      this.log.warn('job edit not applied: bad schedule', {
        job_id: item.job_id,
        error: (error as Error).message,
      });
    }
    return true;
  }

  /**
   * Full reload against the stored list, given page by page: applies changed jobs and removes the
   * ones not listed (deleted). The first call loads the table instead. No list is held: each page
   * is applied in slices with `pause` after each slice (by default a turn of the event loop; the
   * engine waits there for a gap between fire bursts), so a reconcile of 100,000 jobs neither
   * holds up a fire nor keeps 100,000 items alive. Returns the jobs changed (loaded).
   */
  async reconcile(
    pages: ItemPages | Iterable<readonly SchedulableItem[]>,
    now: Date,
    pause: () => Promise<void> = yieldToEventLoop,
  ): Promise<number> {
    if (!this.loaded) {
      const report = this.startLoad(now);
      await eachSlice(pages, pause, (item) => this.loadItem(item, report));
      return this.loadDone(report).loaded;
    }
    // Shares the table's id strings: the listing's own strings die with their page.
    const unseen = new Set(this.fingerprints.keys());
    let changed = 0;
    await eachSlice(pages, pause, (item) => {
      unseen.delete(item.job_id);
      if (this.apply(item)) changed++;
    });
    for (const id of unseen) {
      if (!this.fingerprints.delete(id)) continue;
      this.table.delete(id);
      this.log.info('job unscheduled (deleted)', { job_id: id });
      changed++;
    }
    return changed;
  }

  /**
   * How long work that competes with publishing (table reads, reconcile slices) should wait: 0
   * when this dispatcher is not publishing now and is not due to within `guardMs`.
   */
  busyForMs(nowMs: number, guardMs: number): number {
    if (!this.leading) return 0;
    if (this.stepInFlight) return BUSY_POLL_MS;
    const wake = this.nextWakeAt()?.getTime();
    if (wake === undefined || wake - nowMs > guardMs) return 0;
    return Math.max(BUSY_POLL_MS, wake - nowMs);
  }

  /** One lease tick. Returns true when this replica just became leader (wake the fire loop). */
  async leaseStep(now: Date): Promise<boolean> {
    if (await this.standBy(now)) return false;
    const before = this.machine.state;
    const { state, error } = await stepLease(
      this.machine,
      this.deps.lease,
      { name: this.name, owner: this.deps.owner },
      now,
    );
    if (error) this.log.warn('lease store call failed', { error: (error as Error).message, state });
    if (state === 'leader' && before !== 'leader') {
      this.log.info('lease acquired', {
        fencing: this.machine.token,
        expires_at: this.machine.expiresAt?.toISOString(),
      });
      return true;
    }
    if (state === 'lost') this.log.warn('lease lost: stopped firing', {});
    return false;
  }

  /**
   * True while the standby switch is on: the lease held is released once (watermark recorded,
   * as at shutdown) and no acquire is attempted until the switch is off again.
   */
  private async standBy(now: Date): Promise<boolean> {
    const reason = this.deps.standby?.();
    if (reason !== this.standingBy) {
      if (reason) this.log.info('standing by: not holding the lease', { reason });
      else this.log.info('standby switch off: taking part in the lease again', {});
    }
    this.standingBy = reason;
    if (reason && this.machine.state !== 'follower') await this.stop(now);
    return reason !== undefined;
  }

  /** Publishes the fires due at `now` when leading; otherwise drops them (another replica fires). */
  async fireStep(now: Date): Promise<FireStepResult> {
    this.stepInFlight = true;
    try {
      return await this.step(now);
    } finally {
      this.stepInFlight = false;
    }
  }

  private async step(now: Date): Promise<FireStepResult> {
    const token = this.machine.canFire(now) ? this.machine.token : undefined;
    if (token === undefined) {
      if (this.leading) this.log.warn('not leader any more: stopped firing', { state: this.machine.state });
      this.leading = false;
      this.retry = [];
      this.prepared = undefined; // its slot is covered by the next leader's catch-up
      this.table.takeDue(now);
      return NOTHING;
    }
    if (!this.leading) return this.takeOver(now, token);
    const ready = this.prepared && this.prepared.atMs <= now.getTime() ? this.prepared.batch : undefined;
    if (ready) this.prepared = undefined;
    const extra = [...this.retry, ...this.table.takeDue(now)];
    this.retry = [];
    const fires = [...(ready?.fires ?? []), ...extra];
    if (!fires.length) {
      this.firedThroughMs = now.getTime();
      this.prepareNext(now);
      return NOTHING;
    }
    try {
      await Promise.all([
        ready?.send(),
        extra.length ? this.deps.sink.dispatch(extra, this.name) : undefined,
      ]);
    } catch (error) {
      // Not dropped: retried on the next step while this replica still leads.
      this.retry = fires;
      this.log.error('publishing fires failed; will retry', {
        fires: fires.length,
        error: (error as Error).message,
      });
      return NOTHING;
    }
    // Not awaited: the next fire must not wait for a DynamoDB round trip. A refused (fenced)
    // write still stops this replica before its next publish, and the lease deadline holds.
    this.recordProgress(now, token);
    this.log.debug('fired', { fires: fires.length, first: fires[0]?.idempotencyKey });
    this.prepareNext(now);
    return { published: fires.length, missed: 0 };
  }

  /** Takes and builds the next slot's fires when it is due within the lookahead. */
  private prepareNext(now: Date): void {
    const next = this.table.nextDueAt()?.getTime();
    if (this.prepared || next === undefined || next - now.getTime() > (this.deps.lookaheadMs ?? 200)) return;
    const fires = this.table.takeDue(new Date(next));
    if (fires.length) this.prepared = { atMs: next, batch: this.deps.sink.prepare(fires, this.name) };
  }

  /** The next instant the fire loop must run at (undefined: nothing scheduled). */
  nextWakeAt(): Date | undefined {
    if (this.retry.length) return this.deps.clock();
    if (this.prepared) return new Date(this.prepared.atMs);
    const next = this.table.nextDueAt();
    return next && new Date(next.getTime() - (this.deps.lookaheadMs ?? 200));
  }

  /** Stops firing and releases the lease so a standby takes over at once (SIGTERM). */
  async stop(now: Date): Promise<void> {
    await this.progressInFlight;
    const token = this.machine.resign(now);
    const wasLeading = this.leading;
    this.leading = false;
    this.prepared = undefined;
    if (token === undefined) return;
    try {
      if (wasLeading && this.firedThroughMs !== undefined)
        await this.deps.progress.recordProgress(
          this.name,
          this.deps.owner,
          token,
          new Date(this.firedThroughMs),
        );
      await this.deps.lease.release(this.name, this.deps.owner, token);
      this.log.info('lease released', {});
    } catch (error) {
      this.log.warn('lease release failed; it expires on its own', { error: (error as Error).message });
    }
  }

  /**
   * First step as leader: dispatch what the previous holder left (the latest slot per job within
   * its catch-up window), report older misses, fire `@reboot` jobs once per process.
   */
  private async takeOver(now: Date, token: number): Promise<FireStepResult> {
    const mark = await this.deps.progress.readProgress(this.name);
    const fires: Fire[] = [];
    const missed = new Map<string, { slots: MissedFire[]; total: number; exact: boolean }>();
    if (mark) {
      const horizon = now.getTime() - (this.deps.missedHorizonMs ?? 86_400_000);
      const downSince = new Date(Math.max(mark.getTime(), horizon));
      for (const schedule of this.table.schedules()) {
        const plan = planCatchUp({
          schedule,
          downSince,
          now,
          maxMissed: this.deps.maxMissedEvents ?? 10,
          countLimit: 1_000,
        });
        if (plan.fire) fires.push(plan.fire);
        if (plan.missedTotal)
          missed.set(schedule.jobId, {
            slots: plan.missed,
            total: plan.missedTotal,
            exact: plan.missedTotalExact,
          });
      }
    }
    if (!this.rebootDone) fires.push(...this.table.rebootFires(this.startedAt));
    this.table.takeDue(now); // slots up to now are covered by the plan above
    try {
      if (fires.length) await this.deps.sink.dispatch(fires, this.name);
      for (const m of missed.values())
        await this.deps.sink.missed(m.slots, this.name, missedReason(this.name, m.total, m.exact));
    } catch (error) {
      this.log.error('catch-up publish failed; retrying the takeover', { error: (error as Error).message });
      return NOTHING;
    }
    this.rebootDone = true;
    this.leading = true;
    const missedTotal = [...missed.values()].reduce((n, m) => n + m.total, 0);
    this.log.info('firing as leader', {
      fencing: token,
      watermark: mark?.toISOString() ?? null,
      caught_up: fires.length,
      missed: missedTotal,
    });
    this.recordProgress(now, token);
    await this.progressInFlight;
    return { published: fires.length, missed: missedTotal };
  }

  /** Queues a watermark write: one in flight at a time, the newest mark wins. */
  private recordProgress(now: Date, token: number): void {
    this.firedThroughMs = now.getTime();
    this.pendingMark = { at: now, token };
    this.progressInFlight ??= this.flushProgress().finally(() => (this.progressInFlight = undefined));
  }

  private async flushProgress(): Promise<void> {
    for (let mark = this.pendingMark; mark; mark = this.pendingMark) {
      this.pendingMark = undefined;
      await this.writeProgress(mark.at, mark.token);
    }
  }

  private async writeProgress(now: Date, token: number): Promise<void> {
    try {
      const ok = await this.deps.progress.recordProgress(this.name, this.deps.owner, token, now);
      if (!ok && this.machine.token === token) {
        // Fencing: another replica took the lease while we published; stop at once.
        this.machine.conditionFailed(this.deps.clock());
        this.leading = false;
        this.log.warn('lease taken by another replica: stopped firing', {});
      }
    } catch (error) {
      this.log.warn('recording the firing watermark failed', { error: (error as Error).message });
    }
  }
}

function missedReason(dispatcher: string, total: number, exact: boolean): string {
  return `not dispatched: no scheduler held the lease of dispatcher ${dispatcher} at that time and the slot is outside the catch-up window (${exact ? '' : 'at least '}${total} slot(s) missed)`;
}
