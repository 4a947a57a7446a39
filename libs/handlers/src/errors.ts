import { JobFailedError } from '@lava/core';

/** Job parameters broke the handler's rules (unknown or missing keys, wrong types). */
export class BadParametersError extends JobFailedError {
  override readonly name = 'BadParametersError';
  constructor(
    readonly jobType: string,
    detail: string,
  ) {
    super('BAD_JOB_PARAMETERS', `Bad job parameters: ${detail}`, null);
  }
}

/** No handler is registered for a job type. */
export class UnknownJobTypeError extends JobFailedError {
  override readonly name = 'UnknownJobTypeError';
  constructor(jobType: string) {
    super('UNKNOWN_JOB_TYPE', `${jobType}: Unknown job type`);
  }
}
