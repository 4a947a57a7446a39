import { LeaseConfigError } from '../errors';

/** Lease states: `lost` is reported once (stop firing, log it) and then becomes `follower`. */
export type LeaseState = 'follower' | 'acquiring' | 'leader' | 'lost';

/** What the driver must do next against the {@link LeaseStore}. */
export type LeaseCommand = { kind: 'none' } | { kind: 'acquire' } | { kind: 'renew'; token: number };

/** Lease timings (milliseconds). */
export interface LeaseTimings {
  /** How long a write holds the lease. Default 10,000. */
  leaseDurationMs?: number;
  /** Leader renews this often; followers retry acquiring this often. Default 3,000. */
  renewIntervalMs?: number;
  /**
   * A leader stops firing this long before its lease expires, covering clock skew between
   * replicas and the time a fire takes to publish. Default 2,000.
   */
  safetyMarginMs?: number;
}

type Resolved = Required<LeaseTimings>;

/** Checks that a leader gets at least one renewal attempt before its safety deadline. */
export function resolveLeaseTimings(t: LeaseTimings = {}): Resolved {
  const r: Resolved = {
    leaseDurationMs: t.leaseDurationMs ?? 10_000,
    renewIntervalMs: t.renewIntervalMs ?? 3_000,
    safetyMarginMs: t.safetyMarginMs ?? 2_000,
  };
  if (!(r.leaseDurationMs > 0 && r.renewIntervalMs > 0 && r.safetyMarginMs >= 0))
    throw new LeaseConfigError('lease timings must be positive');
  if (r.renewIntervalMs + r.safetyMarginMs >= r.leaseDurationMs) {
    throw new LeaseConfigError(
      `renewIntervalMs (${r.renewIntervalMs}) + safetyMarginMs (${r.safetyMarginMs}) must be below leaseDurationMs (${r.leaseDurationMs})`,
    );
  }
  return r;
}

/**
 * The pure lease state machine of one replica for one lease name. No I/O and no clock: the
 * driver calls {@link tick} with the time, performs the returned command on the store and
 * reports the outcome ({@link acquired}, {@link renewed}, {@link conditionFailed},
 * {@link storeFailed}). {@link canFire} is the only gate for publishing fires.
 *
 * Failover bound: a crashed leader's lease expires at most `leaseDurationMs` after its last
 * renewal, and a follower retries every `renewIntervalMs`, so a standby fires again within
 * `leaseDurationMs + renewIntervalMs` (13 s with the defaults).
 *
 * @example
 * const m = new LeaseStateMachine(now);
 * const cmd = m.tick(now); // { kind: 'acquire' }
 * m.acquired(7, new Date(now.getTime() + 10_000), now);
 * m.canFire(now); // true
 */
export class LeaseStateMachine {
  readonly timings: Resolved;
  private current: LeaseState = 'follower';
  private fencingToken: number | undefined;
  private expiresAtMs = 0;
  private nextAttemptMs: number;
  private nextRenewMs = 0;
  private inFlightSinceMs: number | undefined;

  constructor(now: Date, timings: LeaseTimings = {}) {
    this.timings = resolveLeaseTimings(timings);
    this.nextAttemptMs = now.getTime();
  }

  get state(): LeaseState {
    return this.current;
  }

  /** The fencing token while leader; pass it with every fenced write. */
  get token(): number | undefined {
    return this.current === 'leader' ? this.fencingToken : undefined;
  }

  /** The lease expiry as last confirmed by the store. */
  get expiresAt(): Date | undefined {
    return this.current === 'leader' ? new Date(this.expiresAtMs) : undefined;
  }

  /** True only while leader and before `expiresAt - safetyMarginMs`. */
  canFire(now: Date): boolean {
    return this.current === 'leader' && now.getTime() < this.deadlineMs();
  }

  /** Advances timers and returns the store operation to perform now, if any. */
  tick(now: Date): LeaseCommand {
    const t = now.getTime();
    if (this.current === 'lost') this.becomeFollower(t);
    if (this.current === 'leader') return this.tickLeader(t);
    if (this.current === 'acquiring') {
      // An answer that never comes must not wedge the replica: give up after one lease period.
      if (t - (this.inFlightSinceMs ?? t) < this.timings.leaseDurationMs) return { kind: 'none' };
      this.becomeFollower(t);
    }
    if (t < this.nextAttemptMs) return { kind: 'none' };
    this.current = 'acquiring';
    this.inFlightSinceMs = t;
    return { kind: 'acquire' };
  }

  /** The store granted the lease (acquire). */
  acquired(token: number, expiresAt: Date, now: Date): void {
    this.current = 'leader';
    this.fencingToken = token;
    this.inFlightSinceMs = undefined;
    this.expiresAtMs = expiresAt.getTime();
    this.nextRenewMs = now.getTime() + this.timings.renewIntervalMs;
  }

  /** The store extended the lease (renew). */
  renewed(expiresAt: Date, now: Date): void {
    if (this.current !== 'leader') return; // a late answer after losing the lease changes nothing
    this.inFlightSinceMs = undefined;
    this.expiresAtMs = Math.max(this.expiresAtMs, expiresAt.getTime());
    this.nextRenewMs = now.getTime() + this.timings.renewIntervalMs;
  }

  /** The conditional write failed: another replica holds the lease. A leader stops at once. */
  conditionFailed(now: Date): void {
    if (this.current === 'leader') this.current = 'lost';
    else this.becomeFollower(now.getTime(), true);
    this.inFlightSinceMs = undefined;
  }

  /**
   * The store call failed with an unknown outcome (timeout, throttling). A leader keeps firing
   * until its own safety deadline and retries on the next tick; a follower retries later.
   */
  storeFailed(now: Date): void {
    this.inFlightSinceMs = undefined;
    if (this.current === 'leader') this.nextRenewMs = now.getTime();
    else this.becomeFollower(now.getTime(), true);
  }

  /** Gives the lease up (shutdown). Returns the token to release, if leader. */
  resign(now: Date): number | undefined {
    const token = this.token;
    this.becomeFollower(now.getTime(), true);
    return token;
  }

  private tickLeader(t: number): LeaseCommand {
    if (t >= this.deadlineMs()) {
      this.current = 'lost';
      return { kind: 'none' };
    }
    if (this.inFlightSinceMs !== undefined || t < this.nextRenewMs) return { kind: 'none' };
    this.inFlightSinceMs = t;
    return { kind: 'renew', token: this.fencingToken as number };
  }

  private deadlineMs(): number {
    return this.expiresAtMs - this.timings.safetyMarginMs;
  }

  /** `retryLater`: wait one renew interval (someone else holds it); otherwise try at once. */
  private becomeFollower(t: number, retryLater = false): void {
    this.current = 'follower';
    this.fencingToken = undefined;
    this.inFlightSinceMs = undefined;
    this.nextAttemptMs = retryLater ? t + this.timings.renewIntervalMs : t;
  }
}
