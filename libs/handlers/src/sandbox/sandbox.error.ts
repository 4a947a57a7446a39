import { LavaError } from '@lava/core';

/** The configured job isolation cannot work on this host; the worker must not start. */
export class SandboxUnavailableError extends LavaError {
  override readonly name = 'SandboxUnavailableError';

  constructor(message: string) {
    super('JOB_ISOLATION_UNAVAILABLE', message);
  }
}

/** `LAVA_JOB_UID_RANGE` is not a usable range of job uids. */
export class UidRangeInvalidError extends LavaError {
  override readonly name = 'UidRangeInvalidError';

  constructor(message: string, value: string) {
    super('JOB_UID_RANGE_INVALID', message, { context: { value } });
  }
}

/** Every job uid is held by a live run and none came free in time; the run may be tried again. */
export class UidPoolExhaustedError extends LavaError {
  override readonly name = 'UidPoolExhaustedError';

  constructor(range: string, waitedMs: number, holders: readonly string[]) {
    super(
      'JOB_UID_POOL_EXHAUSTED',
      `no free job uid in ${range} after waiting ${waitedMs} ms: all ${holders.length} are held by live runs (raise LAVA_JOB_UID_RANGE above LAVA_WORKER_CONCURRENCY, or find the runs whose processes do not exit)`,
      { context: { range, waited_ms: waitedMs, holders }, retryable: true },
    );
  }
}

/** A uid was released that is not leased (released twice, or never taken): a bug in the caller. */
export class UidNotLeasedError extends LavaError {
  override readonly name = 'UidNotLeasedError';

  constructor(uid: number) {
    super('JOB_UID_NOT_LEASED', `job uid ${uid} is not leased: released twice or never taken`, {
      context: { uid },
    });
  }
}

/** A process of a finished run would not die, so its uid stays out of the pool. */
export class RunProcessesSurviveError extends LavaError {
  override readonly name = 'RunProcessesSurviveError';

  constructor(uid: number, pids: readonly number[]) {
    super(
      'JOB_RUN_PROCESSES_SURVIVE',
      `processes of job uid ${uid} survived SIGKILL (${pids.join(', ')}); the uid is kept out of the pool`,
      { context: { uid, pids } },
    );
  }
}
