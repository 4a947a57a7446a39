import { type RunLedger } from '@lava/core';
import type { Logger } from '@lava/logging';

export interface RunLeaseOptions {
  ledger: RunLedger;
  runId: string;
  owner: string;
  fence: number;
  /** Lease length, ms. */
  leaseMs: number;
  /** The lease end the claim itself wrote. */
  claimedUntil: Date;
  clock: () => Date;
  logger: Logger;
}

/**
 * Keeps a claimed run's lease alive and stops the run before the lease can lapse, so a run
 * re-claimed after expiry never overlaps a still-running attempt.
 *
 * The lease is renewed every third of its length. Each successful renewal confirms the lease
 * up to the time computed *before* the request was sent (conservative). If the confirmed lease
 * gets within a quarter of its length of expiring (renewals failing: ledger unreachable, a
 * partition), or a renewal finds the claim taken over (fence moved), `signal` aborts: the
 * runner kills the job's process group at once and the attempt ends. Another worker claims the
 * run only after `lease_until` has passed by its own clock, so this margin (15 s for a 60 s
 * lease) is also the clock skew tolerated between workers.
 */
export class RunLease {
  private readonly controller = new AbortController();
  private confirmedUntil: number;
  private lastRenewal: number;
  private renewing = false;
  private timer: NodeJS.Timeout | undefined;
  private reason: string | undefined;

  constructor(private readonly opts: RunLeaseOptions) {
    this.confirmedUntil = opts.claimedUntil.getTime();
    this.lastRenewal = opts.clock().getTime();
  }

  /** Aborts when the lease is lost or about to lapse unrenewed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the lease was given up, once it was. */
  get lost(): string | undefined {
    return this.reason;
  }

  get fence(): number {
    return this.opts.fence;
  }

  start(): this {
    this.timer = setInterval(() => this.tick(), Math.max(50, Math.floor(this.opts.leaseMs / 12)));
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check: give up when too close to expiry, renew when a third of the lease has passed. */
  tick(): void {
    if (this.reason) return;
    const now = this.opts.clock().getTime();
    if (now >= this.confirmedUntil - this.opts.leaseMs / 4) {
      this.giveUp(`lease not renewed: it expires at ${new Date(this.confirmedUntil).toISOString()}`);
      return;
    }
    if (this.renewing || now - this.lastRenewal < this.opts.leaseMs / 3) return;
    this.renewing = true;
    this.lastRenewal = now;
    const until = now + this.opts.leaseMs;
    this.opts.ledger
      .extend(this.opts.runId, this.opts.owner, this.opts.fence, new Date(until))
      .then((held) => {
        if (held) this.confirmedUntil = Math.max(this.confirmedUntil, until);
        else this.giveUp('lease taken over by another attempt');
      })
      .catch((err: unknown) => {
        this.lastRenewal = 0; // retry at the next tick
        this.opts.logger.warn('run lease renewal failed; retrying', {
          run_id: this.opts.runId,
          error: err as Error,
        });
      })
      .finally(() => {
        this.renewing = false;
      });
  }

  private giveUp(reason: string): void {
    this.reason = reason;
    this.stop();
    this.opts.logger.error('run lease lost: stopping the job so no other attempt overlaps it', {
      run_id: this.opts.runId,
      reason,
      fence: this.opts.fence,
    });
    this.controller.abort(new Error(reason));
  }
}
