export { CronError, CronSyntaxError, CronTimezoneError } from './errors';
export type { CronErrorCode, CronErrorContext } from './errors';
export { parseCron, AT_FORMS } from './cron-parser';
export type { CronExpression, ParseCronOptions } from './cron-parser';
export type { FieldSet } from './cron-field';
export { nextFire, nextFireTimes } from './cron-next';
export { isValidTimezone, zoneClock } from './zone-clock';
export type { ZoneClock } from './zone-clock';
export { parseLocalDateTime } from './local-time';
