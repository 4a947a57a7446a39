/** One dispatch the scheduler must publish (`Dispatch Requested`). */
export interface Fire {
  readonly jobId: string;
  readonly scheduledAt: Date;
  /** `${jobId}@${scheduledAt.toISOString()}`: the dispatcher drops repeats of this key. */
  readonly idempotencyKey: string;
}

/** A fire that was missed and will not be sent (`Schedule Missed`). */
export interface MissedFire {
  readonly jobId: string;
  readonly scheduledAt: Date;
}

/**
 * Builds a {@link Fire}. The key is stable across replicas: any replica computing the same
 * schedule produces the same key for the same slot, which makes a double fire harmless.
 */
export function makeFire(jobId: string, scheduledAt: Date): Fire {
  return { jobId, scheduledAt, idempotencyKey: `${jobId}@${scheduledAt.toISOString()}` };
}
