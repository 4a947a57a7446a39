/** Result of a lease write. `ok: false` means the condition failed: someone else holds it. */
export interface LeaseResult {
  readonly ok: boolean;
  /** Fencing token of the held lease (monotonic per lease name); set when `ok`. */
  readonly token?: number;
  /** When the lease expires, computed by the store from the caller's `now` + duration. */
  readonly expiresAt?: Date;
  /** The current holder when `ok` is false (for logs and metrics). */
  readonly holder?: string;
}

/**
 * Persistence of one named lease with conditional writes. The production adapter (DynamoDB,
 * in the scheduler service) must make each method a single conditional write:
 *
 * - `tryAcquire` succeeds when there is no lease, it expired (`expiresAt <= now`), or `owner`
 *   already holds it; it increments the fencing token. Condition prevents: two replicas both
 *   believing they took an expired lease.
 * - `renew` succeeds only when `owner` and `token` still match. Condition prevents: a paused
 *   old leader extending a lease that a new leader (new token) has taken.
 * - `release` clears the expiry only when `owner` and `token` match, keeping the token counter.
 *
 * Thrown errors mean "unknown outcome" (timeout, throttling): the state machine treats them
 * as transient and keeps its own safety deadline.
 */
export interface LeaseStore {
  tryAcquire(name: string, owner: string, now: Date, durationMs: number): Promise<LeaseResult>;
  renew(name: string, owner: string, token: number, now: Date, durationMs: number): Promise<LeaseResult>;
  release(name: string, owner: string, token: number): Promise<void>;
}
