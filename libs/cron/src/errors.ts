import { LavaError } from '@lava/errors';

/** Stable error codes of `@lava/cron`. */
export type CronErrorCode = 'CRON_INVALID' | 'CRON_TZ_INVALID';

/** Context attached to a {@link CronError}: which expression, field and value failed. */
export type CronErrorContext = {
  expression?: string;
  field?: string;
  value?: string;
  timezone?: string;
};

/** Base error of `@lava/cron`. Permanent: retrying with the same input fails the same way. */
export class CronError extends LavaError {
  override readonly name: string = 'CronError';

  constructor(
    override readonly code: CronErrorCode,
    message: string,
    override readonly context: CronErrorContext = {},
  ) {
    super(code, message, { context });
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
    super(
      'CRON_TZ_INVALID',
      `Unknown time zone "${timezone}": expected an IANA name such as "Europe/London" or "UTC"`,
      {
        timezone,
      },
    );
  }
}
