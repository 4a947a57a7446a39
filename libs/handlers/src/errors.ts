/**
 * A job run failed. `data` becomes `error_data` in the failure result (§5.11), so templates
 * can read e.g. `result.error_data.exit_status`.
 */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  constructor(
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Job parameters broke the handler's rules (unknown or missing keys, wrong types). */
export class BadParametersError extends JobFailure {
  constructor(jobType: string, detail: string) {
    super('BAD_JOB_PARAMETERS', `Bad job parameters: ${detail}`, null);
    this.jobType = jobType;
  }
  readonly jobType: string;
}

/** No handler is registered for a job type. */
export class UnknownJobTypeError extends JobFailure {
  constructor(jobType: string) {
    super('UNKNOWN_JOB_TYPE', `${jobType}: Unknown job type`);
  }
}
