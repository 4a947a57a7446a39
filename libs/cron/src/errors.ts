/** Stable error codes of `@lava/cron`. */
export type CronErrorCode = 'CRON_INVALID' | 'CRON_TZ_INVALID';

/** Context attached to a {@link CronError}: which expression, field and value failed. */
export interface CronErrorContext {
  expression?: string;
  field?: string;
  value?: string;
  timezone?: string;
}

/** Base error of `@lava/cron`. Permanent: retrying with the same input fails the same way. */
export class CronError extends Error {
  override readonly name: string = 'CronError';
  readonly retryable = false;

  constructor(
    readonly code: CronErrorCode,
    message: string,
    readonly context: CronErrorContext = {},
  ) {
    super(message);
  }
}

/** A cron expression that cannot be parsed (code `CRON_INVALID`). */
export class CronSyntaxError extends CronError {
  override readonly name = 'CronSyntaxError';

  constructor(message: string, context: CronErrorContext = {}) {
    super('CRON_INVALID', message, context);
  }
}

/** An unknown IANA time zone name (code `CRON_TZ_INVALID`). */
export class CronTimezoneError extends CronError {
  override readonly name = 'CronTimezoneError';

  constructor(timezone: string) {
    super('CRON_TZ_INVALID', `Unknown time zone "${timezone}": expected an IANA name such as "Europe/London" or "UTC"`, {
      timezone,
    });
  }
}
