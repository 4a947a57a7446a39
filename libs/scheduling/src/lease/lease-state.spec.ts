import { LeaseConfigError } from '../errors';
import { InMemoryLeaseStore } from '../testing/in-memory-lease-store';
import { stepLease } from './lease-driver';
import { LeaseStateMachine } from './lease-state';
import type { LeaseResult, LeaseStore } from './lease-store';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const t = (ms: number): Date => new Date(T0 + ms);

/** A replica's view of the shared store that can be cut off (network partition). */
class Partitionable implements LeaseStore {
  cut = false;
  constructor(private readonly inner: LeaseStore) {}
  tryAcquire(name: string, owner: string, now: Date, d: number): Promise<LeaseResult> {
    return this.cut ? Promise.reject(new Error('partitioned')) : this.inner.tryAcquire(name, owner, now, d);
  }
  renew(name: string, owner: string, token: number, now: Date, d: number): Promise<LeaseResult> {
    return this.cut ? Promise.reject(new Error('partitioned')) : this.inner.renew(name, owner, token, now, d);
  }
  release(name: string, owner: string, token: number): Promise<void> {
    return this.cut ? Promise.reject(new Error('partitioned')) : this.inner.release(name, owner, token);
  }
}

interface Replica {
  owner: string;
  machine: LeaseStateMachine;
  store: Partitionable;
  alive: boolean;
}

function replicas(shared: InMemoryLeaseStore, ...owners: string[]): Replica[] {
  return owners.map((owner) => ({
    owner,
    machine: new LeaseStateMachine(t(0)),
    store: new Partitionable(shared),
    alive: true,
  }));
}

/** Steps every live replica every `stepMs` until `endMs`, calling `check` after each step. */
async function run(
  rs: Replica[],
  fromMs: number,
  endMs: number,
  stepMs: number,
  check: (now: number) => void = () => undefined,
): Promise<void> {
  for (let now = fromMs; now <= endMs; now += stepMs) {
    for (const r of rs)
      if (r.alive) await stepLease(r.machine, r.store, { name: 'sched/utc', owner: r.owner }, t(now));
    check(now);
  }
}

describe('LeaseStateMachine', () => {
  it('acquires on the first tick and fires while the lease is fresh', async () => {
    const store = new InMemoryLeaseStore();
    const [a] = replicas(store, 'a');
    await run([a!], 0, 0, 1);
    expect(a!.machine.state).toBe('leader');
    expect(a!.machine.token).toBe(1);
    expect(a!.machine.expiresAt).toEqual(t(10_000));
    expect(a!.machine.canFire(t(7_999))).toBe(true);
    expect(a!.machine.canFire(t(8_000))).toBe(false); // safety margin before expiry
  });

  it('renews every renew interval and keeps its token', async () => {
    const store = new InMemoryLeaseStore();
    const [a] = replicas(store, 'a');
    await run([a!], 0, 60_000, 500);
    expect(a!.machine.state).toBe('leader');
    expect(a!.machine.token).toBe(1);
    expect(store.peek('sched/utc')?.expiresAtMs).toBe(T0 + 60_000 + 10_000);
  });

  it('a second replica stays follower while the leader renews: exactly one can fire', async () => {
    const store = new InMemoryLeaseStore();
    const rs = replicas(store, 'a', 'b');
    await run(rs, 0, 30_000, 250, (now) => {
      expect(rs.filter((r) => r.machine.canFire(t(now))).map((r) => r.owner)).toEqual(['a']);
    });
    expect(rs[1]!.machine.state).toBe('follower');
  });

  it('fails over within lease + renew interval (<= 15 s) after the leader dies', async () => {
    const store = new InMemoryLeaseStore();
    const rs = replicas(store, 'a', 'b');
    await run(rs, 0, 9_000, 250);
    rs[0]!.alive = false; // crash at 9 s: last successful renew was at 9 s
    let takeover: number | undefined;
    await run(rs, 9_250, 40_000, 250, (now) => {
      if (takeover === undefined && rs[1]!.machine.canFire(t(now))) takeover = now;
    });
    expect(takeover).toBeDefined();
    expect(takeover! - 9_000).toBeGreaterThanOrEqual(10_000); // not before the old lease expired
    expect(takeover! - 9_000).toBeLessThanOrEqual(13_000);
    expect(rs[1]!.machine.token).toBe(2); // fencing token moved on
  });

  it('a partitioned leader stops firing before the standby starts (no overlap)', async () => {
    const store = new InMemoryLeaseStore();
    const rs = replicas(store, 'a', 'b');
    await run(rs, 0, 5_000, 250);
    rs[0]!.store.cut = true;
    let overlap = 0;
    let aStopped: number | undefined;
    let bStarted: number | undefined;
    await run(rs, 5_250, 30_000, 250, (now) => {
      const [a, b] = rs.map((r) => r.machine.canFire(t(now)));
      if (a && b) overlap++;
      if (!a && aStopped === undefined) aStopped = now;
      if (b && bStarted === undefined) bStarted = now;
    });
    expect(overlap).toBe(0);
    expect(aStopped).toBeDefined();
    expect(bStarted! - aStopped!).toBeGreaterThanOrEqual(2_000); // the safety margin
    expect(rs[0]!.machine.state).not.toBe('leader');
  });

  it('a leader whose renewal is rejected (someone else holds the lease) stops at once', () => {
    const m = new LeaseStateMachine(t(0));
    expect(m.tick(t(0))).toEqual({ kind: 'acquire' });
    m.acquired(4, t(10_000), t(0));
    expect(m.tick(t(3_000))).toEqual({ kind: 'renew', token: 4 });
    m.conditionFailed(t(3_010));
    expect(m.state).toBe('lost');
    expect(m.canFire(t(3_010))).toBe(false);
    expect(m.token).toBeUndefined();
    expect(m.tick(t(3_020))).toEqual({ kind: 'acquire' }); // lost -> follower, tries again
  });

  it('keeps leading through transient store errors until its safety deadline', () => {
    const m = new LeaseStateMachine(t(0));
    m.tick(t(0));
    m.acquired(1, t(10_000), t(0));
    expect(m.tick(t(3_000)).kind).toBe('renew');
    m.storeFailed(t(3_100));
    expect(m.canFire(t(3_100))).toBe(true);
    expect(m.tick(t(3_200)).kind).toBe('renew'); // retries at once
    m.storeFailed(t(3_300));
    expect(m.tick(t(8_000))).toEqual({ kind: 'none' });
    expect(m.state).toBe('lost');
  });

  it('does not send a second renewal while one is in flight', () => {
    const m = new LeaseStateMachine(t(0));
    m.tick(t(0));
    m.acquired(1, t(10_000), t(0));
    expect(m.tick(t(3_000)).kind).toBe('renew');
    expect(m.tick(t(4_000)).kind).toBe('none');
    m.renewed(t(13_000), t(4_100));
    expect(m.canFire(t(10_500))).toBe(true);
    expect(m.tick(t(7_100)).kind).toBe('renew');
  });

  it('a follower retries one renew interval after losing a race; a stuck acquire times out', () => {
    const m = new LeaseStateMachine(t(0));
    m.tick(t(0));
    m.conditionFailed(t(10));
    expect(m.tick(t(2_000)).kind).toBe('none');
    expect(m.tick(t(3_010)).kind).toBe('acquire');
    expect(m.tick(t(12_000)).kind).toBe('none'); // still waiting for the answer
    expect(m.tick(t(13_010)).kind).toBe('acquire'); // gave up on it and retried
  });

  it('resigns and releases so a standby can take over immediately', async () => {
    const store = new InMemoryLeaseStore();
    const rs = replicas(store, 'a', 'b');
    await run(rs, 0, 1_000, 250);
    const token = rs[0]!.machine.resign(t(1_000));
    await store.release('sched/utc', 'a', token!);
    rs[0]!.alive = false;
    await run(rs, 3_500, 3_500, 250);
    expect(rs[1]!.machine.canFire(t(3_500))).toBe(true);
  });

  it('reports store errors from stepLease without throwing', async () => {
    const store = new InMemoryLeaseStore();
    store.failNext();
    const m = new LeaseStateMachine(t(0));
    const r = await stepLease(m, store, { name: 'n', owner: 'o' }, t(0));
    expect(r.state).toBe('follower');
    expect((r.error as Error).message).toContain('injected failure');
  });

  it('rejects timings that leave no renewal before the safety deadline', () => {
    expect(
      () =>
        new LeaseStateMachine(t(0), {
          leaseDurationMs: 5_000,
          renewIntervalMs: 3_000,
          safetyMarginMs: 2_000,
        }),
    ).toThrow(LeaseConfigError);
    expect(() => new LeaseStateMachine(t(0), { leaseDurationMs: -1 })).toThrow(
      'lease timings must be positive',
    );
  });
});
