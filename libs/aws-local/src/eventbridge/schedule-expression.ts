const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^)]*)\)$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/#\-LW]+$/;

/**
 * True for the schedule forms EventBridge accepts: `rate(n unit)` (singular unit iff n is 1) and
 * six-field `cron(...)` with `?` in exactly one of day-of-month / day-of-week.
 */
export function isValidScheduleExpression(expression: string): boolean {
  const rate = RATE.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const singular = !(rate[2] as string).endsWith('s');
    return n >= 1 && singular === (n === 1);
  }
  const cron = CRON.exec(expression);
  if (!cron) return false;
  const fields = (cron[1] as string).trim().split(/\s+/);
  if (fields.length !== 6 || !fields.every((f) => CRON_FIELD.test(f))) return false;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  return (dayOfMonth === '?') !== (dayOfWeek === '?');
}
