import { LavaError } from '@lava/core';

/** Stable error codes of `@lava/scheduling`. */
export type SchedulingErrorCode = 'SCHEDULE_INVALID' | 'LEASE_CONFIG_INVALID';

/** Base error of `@lava/scheduling`. All are permanent (bad input or configuration). */
export class SchedulingError extends LavaError {
  override readonly name: string = 'SchedulingError';

  constructor(
    override readonly code: SchedulingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * A job's schedule cannot be compiled: bad cron text, bad `from`/`to`, unexpected keys, an
 * unknown time zone or a bad `catchup`. `entry` is the 1-based schedule entry (0: whole field).
 */
export class ScheduleInvalidError extends SchedulingError {
  override readonly name = 'ScheduleInvalidError';

  constructor(
    message: string,
    readonly jobId: string,
    readonly entry = 0,
    options?: { cause?: unknown },
  ) {
    super('SCHEDULE_INVALID', message, options);
  }
}

/** Lease timings that cannot keep the "stop firing before expiry" guarantee. */
export class LeaseConfigError extends SchedulingError {
  override readonly name = 'LeaseConfigError';

  constructor(message: string) {
    super('LEASE_CONFIG_INVALID', message);
  }
}
