import type { LeaseStore } from './lease-store';
import type { LeaseState, LeaseStateMachine } from './lease-state';

/** Identity of this replica's lease. */
export interface LeaseIdentity {
  /** Lease name, one per dispatcher name (for example `scheduler/utc`). */
  readonly name: string;
  /** This replica's unique owner id. */
  readonly owner: string;
}

/**
 * Runs one tick: asks the machine what to do at `now`, performs it on `store`, and feeds the
 * result back. The caller supplies the clock and the loop; this function only sequences.
 * Store errors are reported as {@link LeaseStateMachine.storeFailed} and not rethrown, so the
 * loop keeps going; they are returned for logging.
 */
export async function stepLease(
  machine: LeaseStateMachine,
  store: LeaseStore,
  id: LeaseIdentity,
  now: Date,
): Promise<{ state: LeaseState; error?: unknown }> {
  const cmd = machine.tick(now);
  const duration = machine.timings.leaseDurationMs;
  try {
    if (cmd.kind === 'acquire') {
      const r = await store.tryAcquire(id.name, id.owner, now, duration);
      if (r.ok && r.token !== undefined && r.expiresAt) machine.acquired(r.token, r.expiresAt, now);
      else machine.conditionFailed(now);
    } else if (cmd.kind === 'renew') {
      const r = await store.renew(id.name, id.owner, cmd.token, now, duration);
      if (r.ok && r.expiresAt) machine.renewed(r.expiresAt, now);
      else machine.conditionFailed(now);
    }
  } catch (error) {
    machine.storeFailed(now);
    return { state: machine.state, error };
  }
  return { state: machine.state };
}
