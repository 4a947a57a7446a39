import type { Logger } from '@lava/logging';
import type { DispatcherScheduler } from './dispatcher-scheduler';
import type { Clock, ScheduledJobSource } from './ports';
import { TimerLoop } from './timer-loop';

/** Timings of the engine's loops (ms). */
export interface EngineTimings {
  /** Changed jobs are read this often (edits take effect within about this plus one fire). */
  changePollMs: number;
  /** Whole job lists are re-read this often (the only way to see deletions). */
  reconcileMs: number;
  /** Lease ticks; the state machine decides when to write. */
  leaseTickMs?: number;
  /** Longest sleep of a fire loop (bounds how late a lease change is noticed). */
  maxFireSleepMs?: number;
  /** How often the "jobs changed" marker is read (when the source has one). Default 1,000. */
  nudgePollMs?: number;
  /**
   * Each change poll re-reads this much before the previous poll, covering clock skew between
   * writers and this host and eventually consistent scans. Unchanged items are ignored.
   */
  changeOverlapMs?: number;
  /**
   * Reloads read and apply their pages only while no dispatcher publishes or is due within this
   * long (default 200), so table scans on the shared endpoint and the scheduler's own
   * unmarshalling fall between fire bursts instead of delaying them.
   */
  quietGuardMs?: number;
}

/** A reload page waits at most this long for a gap between fire bursts, then goes ahead anyway. */
const MAX_QUIET_WAIT_MS = 1_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The scheduler process: one {@link DispatcherScheduler} per dispatcher name, each with a lease
 * loop and a fire loop, plus one reload loop that polls changed jobs and reconciles periodically.
 */
export class SchedulerEngine {
  private readonly loops: TimerLoop[] = [];
  private readonly fireLoops = new Map<string, TimerLoop>();
  private changeCursor = new Date(0);
  private nextReconcileMs = 0;
  private started = false;
  private reloadLoop: TimerLoop | undefined;
  private markerVersion: number | undefined;
  private reconcileSoon = false;

  constructor(
    readonly dispatchers: readonly DispatcherScheduler[],
    private readonly source: ScheduledJobSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly timings: EngineTimings,
  ) {}

  /** Loads every dispatcher's jobs, then starts the loops. Throws when the first load fails. */
  async start(): Promise<void> {
    await this.loadAll();
    for (const d of this.dispatchers) {
      const fire = new TimerLoop(`fire ${d.name}`, () => this.fire(d), this.logger);
      const lease = new TimerLoop(
        `lease ${d.name}`,
        async () => {
          if (await d.leaseStep(this.clock())) fire.wake();
          return this.timings.leaseTickMs ?? 250;
        },
        this.logger,
      );
      this.fireLoops.set(d.name, fire);
      this.loops.push(lease, fire);
    }
    this.reloadLoop = new TimerLoop('reload', () => this.reload(), this.logger, this.timings.changePollMs);
    this.loops.push(this.reloadLoop);
    if (this.source.changeVersion) {
      this.loops.push(
        new TimerLoop(
          'nudge',
          async () => {
            if (await this.nudged()) this.reloadLoop?.wake();
            return this.timings.nudgePollMs ?? 1_000;
          },
          this.logger,
        ),
      );
    }
    for (const loop of this.loops) loop.start();
    this.started = true;
  }

  /** Stops every loop (waiting for steps in flight), then releases the leases. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all(this.loops.map((l) => l.stop()));
    const now = this.clock();
    await Promise.all(this.dispatchers.map((d) => d.stop(now)));
  }

  /** Stops the loops without releasing anything: what a crash looks like to the other replicas (tests). */
  async halt(): Promise<void> {
    this.started = false;
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  /** Health details. */
  status(): Record<string, unknown> {
    return {
      dispatchers: this.dispatchers.map((d) => ({
        name: d.name,
        lease: d.leaseState,
        firing: d.isFiring,
        jobs: d.table.size,
        pending: d.table.pending,
      })),
    };
  }

  /** True when the "jobs changed" marker moved since the last look (the first look only records it). */
  async nudged(): Promise<boolean> {
    const version = await this.source.changeVersion?.();
    if (version === undefined) return false;
    const moved = this.markerVersion !== undefined && version !== this.markerVersion;
    this.markerVersion = version;
    // A nudge may be a deletion, which only a full reload shows: changed jobs first, then that.
    if (moved) this.reconcileSoon = true;
    return moved;
  }

  /** Polls changed jobs (or reconciles when due) and applies them. Returns the next delay. */
  async reload(): Promise<number> {
    const started = this.clock();
    if (started.getTime() >= this.nextReconcileMs) {
      await this.reconcile(started);
      return this.timings.changePollMs;
    }
    const nudged = this.reconcileSoon;
    this.reconcileSoon = false;
    await this.pollChanges(started);
    if (!nudged) return this.timings.changePollMs;
    this.nextReconcileMs = started.getTime();
    return 0;
  }

  /** Applies jobs written since the last poll (minus the overlap) to every dispatcher. */
  async pollChanges(started: Date): Promise<number> {
    let changed = 0;
    await this.quiet();
    for await (const page of this.source.changedSince(this.changeCursor)) {
      for (const d of this.dispatchers) {
        let mine = 0;
        for (const item of page) if (d.apply(item)) mine++;
        if (mine) this.fireLoops.get(d.name)?.wake();
        changed += mine;
      }
      await this.quiet();
    }
    this.changeCursor = new Date(started.getTime() - (this.timings.changeOverlapMs ?? 30_000));
    return changed;
  }

  private async reconcile(started: Date): Promise<void> {
    const quiet = (): Promise<void> => this.quiet();
    for (const d of this.dispatchers) {
      await quiet();
      const changed = await d.reconcile(this.source.listByDispatcher(d.name), this.clock(), quiet);
      if (changed) this.fireLoops.get(d.name)?.wake();
    }
    this.changeCursor = new Date(started.getTime() - (this.timings.changeOverlapMs ?? 30_000));
    this.nextReconcileMs = started.getTime() + this.timings.reconcileMs;
  }

  /**
   * Resolves once no dispatcher publishes now or is due within the guard (or after
   * {@link MAX_QUIET_WAIT_MS} of waiting): where the reload loop reads and applies its pages.
   */
  private async quiet(): Promise<void> {
    const guard = this.timings.quietGuardMs ?? 200;
    for (let waited = 0; waited < MAX_QUIET_WAIT_MS;) {
      const now = this.clock().getTime();
      const wait = Math.max(0, ...this.dispatchers.map((d) => d.busyForMs(now, guard)));
      if (wait === 0) return;
      const ms = Math.min(wait, MAX_QUIET_WAIT_MS - waited);
      await sleep(ms);
      waited += ms;
    }
  }

  private async loadAll(): Promise<void> {
    const started = this.clock();
    for (const d of this.dispatchers) await d.reconcile(this.source.listByDispatcher(d.name), this.clock());
    this.changeCursor = new Date(started.getTime() - (this.timings.changeOverlapMs ?? 30_000));
    this.nextReconcileMs = started.getTime() + this.timings.reconcileMs;
    this.logger.info('scheduler loaded', {
      dispatchers: this.dispatchers.map((d) => d.name),
      ms: this.clock().getTime() - started.getTime(),
    });
  }

  private async fire(d: DispatcherScheduler): Promise<number> {
    await d.fireStep(this.clock());
    const next = d.nextWakeAt();
    const max = this.timings.maxFireSleepMs ?? 250;
    return next ? Math.min(max, next.getTime() - this.clock().getTime()) : max;
  }
}
