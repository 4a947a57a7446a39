import { InMemoryLeaseStore } from '@lava/scheduling/testing';
import { FencedProgress, RecordingSink, silentLogger } from '../testing/scheduler-fakes';
import { DispatcherScheduler } from './dispatcher-scheduler';
import type { SchedulableItem } from './ports';

const T0 = Date.parse('2024-06-01T00:00:00.000Z');

/** A fake clock shared by the replicas of one test. */
class FakeTime {
  ms = T0;
  readonly clock = (): Date => new Date(this.ms);
}

interface Replica {
  owner: string;
  d: DispatcherScheduler;
  alive: boolean;
}

function setup(
  owners: string[],
  jobs: SchedulableItem[],
  time = new FakeTime(),
  standby: Record<string, () => string | undefined> = {},
) {
  const leases = new InMemoryLeaseStore();
  const progress = new FencedProgress(leases);
  const sink = new RecordingSink(() => time.ms);
  const replicas: Replica[] = owners.map((owner) => {
    const d = new DispatcherScheduler({
      dispatcher: 'main',
      timezone: 'UTC',
      owner,
      lease: leases,
      progress,
      sink,
      clock: time.clock,
      logger: silentLogger(),
      standby: standby[owner],
    });
    d.load(jobs, time.clock());
    return { owner, d, alive: true };
  });
  return { time, leases, progress, sink, replicas };
}

/** Steps every live replica (lease, then fire) every `stepMs` until `untilMs` after T0. */
async function runUntil(
  env: ReturnType<typeof setup>,
  untilMs: number,
  stepMs = 100,
  each: (now: number) => void = () => undefined,
): Promise<void> {
  for (; env.time.ms <= T0 + untilMs; env.time.ms += stepMs) {
    for (const r of env.replicas) {
      if (!r.alive) continue;
      await r.d.leaseStep(env.time.clock());
      await r.d.fireStep(env.time.clock());
    }
    each(env.time.ms);
  }
}

const everySecond = (id: string, extra: Partial<SchedulableItem> = {}): SchedulableItem => ({
  job_id: id,
  dispatcher: 'main',
  schedule: '* * * * * *',
  enabled: true,
  ...extra,
});

describe('DispatcherScheduler', () => {
  it('the lease holder fires a one-second job once per second with job_id@ISO keys', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    await runUntil(env, 5_000);
    expect(env.sink.keys()).toEqual(
      [1, 2, 3, 4, 5].map((s) => `tick@${new Date(T0 + s * 1000).toISOString()}`),
    );
    expect(env.sink.fires.every((f) => f.at - f.fire.scheduledAt.getTime() < 100)).toBe(true);
    expect(env.sink.fires.every((f) => f.at >= f.fire.scheduledAt.getTime())).toBe(true); // prepared ahead, never sent early
    expect(env.replicas[0]!.d.isFiring).toBe(true);
  });

  it('does not fire disabled jobs (enabled false or missing), jobs without a schedule or jobs of other dispatchers; fires Jinja-enabled ones', async () => {
    const env = setup(
      ['a'],
      [
        everySecond('off', { enabled: false }),
        { job_id: 'unset', dispatcher: 'main', schedule: '* * * * * *' },
        everySecond('jinja', { enabled: '{{ true }}' }),
        { job_id: 'none', dispatcher: 'main' },
        everySecond('other', { dispatcher: 'nz' }),
      ],
    );
    await runUntil(env, 2_000);
    expect(new Set(env.sink.fires.map((f) => f.fire.jobId))).toEqual(new Set(['jinja']));
  });

  it("never fires the original's lavasched crontab builder, at load or when edited in", async () => {
    const env = setup(
      ['a'],
      [everySecond('cron/build', { type: 'lavasched' }), everySecond('tick', { type: 'cmd' })],
    );
    await runUntil(env, 1_500);
    env.replicas[0]!.d.apply(everySecond('cron/late', { type: 'lavasched' }));
    await runUntil(env, 3_000);
    expect(new Set(env.sink.fires.map((f) => f.fire.jobId))).toEqual(new Set(['tick']));
  });

  it('two replicas: exactly one fire per second; killing the leader gives no duplicate and a gap within 15 s', async () => {
    const env = setup(['a', 'b'], [everySecond('tick')]);
    await runUntil(env, 10_000);
    const leader = env.replicas.find((r) => r.d.isFiring)!;
    leader.alive = false; // crash: no release, no more renewals
    await runUntil(env, 40_000);
    const slots = env.sink.fires.map((f) => f.fire.scheduledAt.getTime());
    expect(new Set(env.sink.keys()).size).toBe(env.sink.fires.length);
    const gaps = slots.slice(1).map((s, i) => s - slots[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
    expect(slots[slots.length - 1]).toBe(T0 + 40_000);
    // The standby caught up the latest slot of the outage; the rest are reported, not lost.
    const missed = env.sink.missedSlots.map((m) => m.missed.scheduledAt.getTime());
    expect(missed.length).toBeGreaterThan(0);
    const all = [...slots, ...missed].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 40 }, (_, i) => T0 + (i + 1) * 1000));
    expect(env.sink.missedSlots[0]!.reason).toContain('dispatcher main');
  });

  it('a leader whose fenced progress write is refused stops firing at once', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    await runUntil(env, 2_000);
    const before = env.sink.fires.length;
    env.progress.rejectAll = true;
    await runUntil(env, 3_000);
    expect(env.sink.fires.length).toBe(before + 1); // the publish that learned of the loss
    expect(env.replicas[0]!.d.isFiring).toBe(false);
    expect(env.replicas[0]!.d.leaseState).not.toBe('leader');
  });

  it('builds the next slot within the lookahead and publishes it exactly at its due time', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    await runUntil(env, 1_000, 10);
    const d = env.replicas[0]!.d;
    env.time.ms = T0 + 1_850;
    await d.fireStep(env.time.clock()); // 150 ms before the 2 s slot: prepared, not sent
    expect(env.sink.fires.map((f) => f.fire.scheduledAt.getTime())).not.toContain(T0 + 2_000);
    expect(d.nextWakeAt()).toEqual(new Date(T0 + 2_000));
    env.time.ms = T0 + 2_000;
    await d.fireStep(env.time.clock());
    expect(env.sink.fires.at(-1)).toMatchObject({
      at: T0 + 2_000,
      fire: { idempotencyKey: `tick@${new Date(T0 + 2_000).toISOString()}` },
    });
  });

  it('retries a failed publish on the next step instead of dropping it', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    await runUntil(env, 1_000);
    env.sink.failNext();
    await runUntil(env, 3_000);
    expect(env.sink.keys()).toEqual([1, 2, 3].map((s) => `tick@${new Date(T0 + s * 1000).toISOString()}`));
  });

  it('applies edits at once, removes jobs moved away or deleted', async () => {
    const env = setup(['a'], [everySecond('tick'), everySecond('gone')]);
    await runUntil(env, 1_000);
    const d = env.replicas[0]!.d;
    expect(d.apply(everySecond('tick'))).toBe(false); // unchanged
    expect(d.apply(everySecond('tick', { schedule: '*/5 * * * * *' }))).toBe(true);
    expect(d.apply(everySecond('gone', { dispatcher: 'nz' }))).toBe(true);
    expect(await d.reconcile([[everySecond('tick', { schedule: '*/5 * * * * *' })]], env.time.clock())).toBe(
      0,
    );
    expect(await d.reconcile([], env.time.clock())).toBe(1);
    expect(d.table.size).toBe(0);
    expect(d.apply(everySecond('new', { schedule: '*/2 * * * * *' }))).toBe(true);
    env.sink.fires.length = 0;
    await runUntil(env, 6_000);
    expect(env.sink.keys()).toEqual([2, 4, 6].map((s) => `new@${new Date(T0 + s * 1000).toISOString()}`));
  });

  it('keeps the previous schedule when an edit is invalid', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    const d = env.replicas[0]!.d;
    d.apply(everySecond('tick', { schedule: '61 * * * *' }));
    await runUntil(env, 2_000);
    expect(env.sink.fires.length).toBe(2);
  });

  it('after an outage: fires the latest slot within the catch-up window once, reports the older ones', async () => {
    const time = new FakeTime();
    const env = setup(
      ['a'],
      [
        { job_id: 'min', dispatcher: 'main', schedule: '* * * * *', enabled: true },
        { job_id: 'off', dispatcher: 'main', schedule: '* * * * *', catchup: 0, enabled: true },
      ],
      time,
    );
    env.progress.set('main', new Date(T0 - 10 * 60_000)); // last fired 10 minutes before start
    await runUntil(env, 0);
    const fired = env.sink.fires.map((f) => f.fire.idempotencyKey);
    expect(fired).toEqual([`min@${new Date(T0).toISOString()}`]);
    const missed = (id: string) => env.sink.missedSlots.filter((m) => m.missed.jobId === id);
    expect(missed('min')).toHaveLength(9);
    expect(missed('off')).toHaveLength(10); // catch-up off: every slot reported (10 events max)
  });

  it('fires @reboot jobs once, when the process first leads', async () => {
    const env = setup(['a'], [{ job_id: 'boot', dispatcher: 'main', schedule: '@reboot', enabled: true }]);
    await runUntil(env, 30_000, 500);
    expect(env.sink.keys()).toEqual([`boot@${new Date(T0).toISOString()}`]);
  });

  it('stop() records the watermark and releases the lease so the standby takes over without waiting for expiry', async () => {
    const env = setup(['a', 'b'], [everySecond('tick')]);
    await runUntil(env, 5_000);
    const [a, b] = env.replicas as [Replica, Replica];
    const leader = a.d.isFiring ? a : b;
    await leader.d.stop(env.time.clock());
    leader.alive = false;
    let takeover: number | undefined;
    await runUntil(env, 12_000, 100, (now) => {
      if (takeover === undefined && env.replicas.some((r) => r.alive && r.d.isFiring)) takeover = now;
    });
    expect(takeover! - (T0 + 5_000)).toBeLessThanOrEqual(3_200); // one renew interval, not the 10 s lease
    expect(new Set(env.sink.keys()).size).toBe(env.sink.fires.length);
  });

  it('a leader whose no-dispatch switch turns on releases the lease and the other replica fires instead', async () => {
    const switches = { a: false, b: false };
    const standby = (owner: 'a' | 'b') => () => (switches[owner] ? 'no-dispatch file' : undefined);
    const env = setup(['a', 'b'], [everySecond('tick')], new FakeTime(), {
      a: standby('a'),
      b: standby('b'),
    });
    await runUntil(env, 5_000);
    const leader = env.replicas.find((r) => r.d.isFiring)!;
    switches[leader.owner as 'a' | 'b'] = true;
    const firedAt = env.sink.fires.length;
    await runUntil(env, 20_000);
    const after = env.sink.fires.slice(firedAt).map((f) => f.fire.scheduledAt.getTime());
    expect(leader.d.isFiring).toBe(false);
    expect(leader.d.leaseState).toBe('follower');
    expect(env.replicas.find((r) => r !== leader)!.d.isFiring).toBe(true);
    // The other replica went on within one renew interval (no lease expiry to wait out), and
    // every slot was fired exactly once.
    expect(after[0]! - (T0 + 5_000)).toBeLessThanOrEqual(3_200);
    expect(after[after.length - 1]).toBe(T0 + 20_000);
    const slots = env.sink.fires.map((f) => f.fire.scheduledAt.getTime());
    expect(new Set(slots).size).toBe(slots.length);
    expect(slots.length + env.sink.missedSlots.length).toBe(20);
  });

  it('a replica whose no-dispatch switch is on takes no lease, even when it is the only one', async () => {
    let on = true;
    const env = setup(['a'], [everySecond('tick')], new FakeTime(), {
      a: () => (on ? 'no-dispatch file' : undefined),
    });
    await runUntil(env, 5_000);
    expect(env.replicas[0]!.d.leaseState).toBe('follower');
    expect(env.sink.fires).toEqual([]);
    on = false;
    await runUntil(env, 10_000);
    expect(env.replicas[0]!.d.isFiring).toBe(true);
  });
});

describe('DispatcherScheduler reconcile in pages', () => {
  it('applies a listing page by page, pausing between slices before the next page is read, and removes unlisted jobs', async () => {
    const env = setup(['a'], [everySecond('keep'), everySecond('gone')]);
    const d = env.replicas[0]!.d;
    const events: string[] = [];
    async function* pages(): AsyncIterable<readonly SchedulableItem[]> {
      events.push('read 1');
      yield [everySecond('keep')];
      events.push('read 2');
      yield [everySecond('new', { schedule: '*/2 * * * * *' })];
    }
    const changed = await d.reconcile(pages(), env.time.clock(), async () => void events.push('pause'));
    expect(events).toEqual(['read 1', 'pause', 'read 2', 'pause']);
    expect(changed).toBe(2); // `new` added, `gone` removed
    expect([...d.table.schedules()].map((s) => s.jobId).sort()).toEqual(['keep', 'new']);
  });

  it('loads the table from pages on the first call', async () => {
    const time = new FakeTime();
    const env = setup(['a'], [], time);
    const fresh = new DispatcherScheduler({
      dispatcher: 'main',
      timezone: 'UTC',
      owner: 'b',
      lease: env.leases,
      progress: env.progress,
      sink: env.sink,
      clock: time.clock,
      logger: silentLogger(),
    });
    const loaded = await fresh.reconcile(
      [[everySecond('x')], [everySecond('y', { schedule: 'not a schedule' }), everySecond('z')]],
      time.clock(),
    );
    expect(loaded).toBe(2);
    expect([...fresh.table.schedules()].map((s) => s.jobId).sort()).toEqual(['x', 'z']);
  });
});

describe('DispatcherScheduler.busyForMs', () => {
  it('asks background work to wait while the leader publishes or is due within the guard, not otherwise', async () => {
    const env = setup(['a'], [everySecond('tick')]);
    const d = env.replicas[0]!.d;
    expect(d.busyForMs(env.time.ms, 200)).toBe(0); // not leading: nothing to protect
    await runUntil(env, 1_000); // leading; the next slot is at T0 + 2 s, prepared 200 ms ahead
    env.time.ms = T0 + 1_300;
    expect(d.busyForMs(env.time.ms, 200)).toBe(0);
    env.time.ms = T0 + 1_700;
    expect(d.busyForMs(env.time.ms, 200)).toBe(100); // wakes at T0 + 1.8 s to prepare the slot
    let release!: () => void;
    jest.spyOn(env.sink, 'dispatch').mockImplementation(() => new Promise((r) => (release = r)));
    env.time.ms = T0 + 2_000;
    const step = d.fireStep(env.time.clock());
    expect(d.busyForMs(env.time.ms, 200)).toBeGreaterThan(0); // publishing
    release();
    await step;
    expect(d.busyForMs(env.time.ms + 50, 200)).toBe(0);
  });
});
