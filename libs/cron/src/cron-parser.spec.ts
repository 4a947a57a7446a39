import { CronError, CronSyntaxError } from './errors';
import { parseCron } from './cron-parser';

function errorOf(expr: string, opts?: { allowSeconds?: boolean }): CronError {
  try {
    parseCron(expr, opts);
  } catch (e) {
    if (e instanceof CronError) return e;
    throw e;
  }
  throw new Error(`expected "${expr}" to be rejected`);
}

describe('parseCron', () => {
  it('parses the five fields with lists, ranges, steps and names', () => {
    const e = parseCron(' 0,30 9-17/4 1-7 jan-mar,dec MON-fri ');
    expect(e.source).toBe('0,30 9-17/4 1-7 jan-mar,dec MON-fri');
    expect(e.hasSeconds).toBe(false);
    expect(e.second.values).toEqual([0]);
    expect(e.minute.values).toEqual([0, 30]);
    expect(e.hour.values).toEqual([9, 13, 17]);
    expect(e.dayOfMonth.values).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(e.month.values).toEqual([1, 2, 3, 12]);
    expect(e.dayOfWeek.values).toEqual([1, 2, 3, 4, 5]);
    expect(e.dayOfMonth.star || e.dayOfWeek.star).toBe(false);
  });

  it('parses six fields with a leading seconds field', () => {
    const e = parseCron('*/15 * * * * *');
    expect(e.hasSeconds).toBe(true);
    expect(e.second.values).toEqual([0, 15, 30, 45]);
  });

  it('folds weekday 7 onto Sunday and keeps * ranges free of duplicates', () => {
    expect(parseCron('0 0 * * 5-7').dayOfWeek.values).toEqual([0, 5, 6]);
    expect(parseCron('0 0 * * */2').dayOfWeek.values).toEqual([0, 2, 4, 6]);
    expect(parseCron('0 0 * * 1/2').dayOfWeek.values).toEqual([1, 3, 5]);
  });

  it('flags fields that start with * (Vixie DOM_STAR/DOW_STAR)', () => {
    const e = parseCron('0 0 */2 * 1');
    expect(e.dayOfMonth.star).toBe(true);
    expect(e.dayOfWeek.star).toBe(false);
  });

  it.each([
    ['@yearly', [0], [0], [1], [1]],
    ['@annually', [0], [0], [1], [1]],
    ['@monthly', [0], [0], [1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    [
      '@daily',
      [0],
      [0],
      Array.from({ length: 31 }, (_, i) => i + 1),
      Array.from({ length: 12 }, (_, i) => i + 1),
    ],
    [
      '@midnight',
      [0],
      [0],
      Array.from({ length: 31 }, (_, i) => i + 1),
      Array.from({ length: 12 }, (_, i) => i + 1),
    ],
  ])('expands %s', (form, minute, hour, dom, month) => {
    const e = parseCron(form);
    expect([e.minute.values, e.hour.values, e.dayOfMonth.values, e.month.values]).toEqual([
      minute,
      hour,
      dom,
      month,
    ]);
    expect(e.reboot).toBe(false);
  });

  it('expands @hourly and @weekly', () => {
    expect(parseCron('@hourly').hour.values).toHaveLength(24);
    expect(parseCron('@weekly').dayOfWeek.values).toEqual([0]);
  });

  it('marks @reboot', () => {
    expect(parseCron('@reboot').reboot).toBe(true);
  });

  it('caches parsed expressions by text', () => {
    expect(parseCron('1 2 3 4 5')).toBe(parseCron('1 2 3 4 5'));
  });

  it.each([
    ['61 * * * *', 'minute', 'value 61 is outside 0-59'],
    ['* 24 * * *', 'hour', 'value 24 is outside 0-23'],
    ['* * 0 * *', 'day-of-month', 'value 0 is outside 1-31'],
    ['* * * 13 *', 'month', 'value 13 is outside 1-12'],
    ['* * * * 8', 'day-of-week', 'value 8 is outside 0-7'],
    ['* * * foo *', 'month', '"foo" is not a valid value; allowed: 1-12 or jan-dec'],
    ['* * * * mon-sun', 'day-of-week', 'range mon-sun is reversed'],
    ['*/0 * * * *', 'minute', 'step "0" must be a positive integer'],
    ['*/x * * * *', 'minute', 'step "x" must be a positive integer'],
    ['1,,2 * * * *', 'minute', 'empty list item'],
    ['1-2-3 * * * *', 'minute', 'not a valid range'],
    ['*/2/3 * * * *', 'minute', 'more than one "/"'],
    ['* * L * *', 'day-of-month', 'L, W, # or ?, which are not supported'],
    ['* * ? * *', 'day-of-month', 'L, W, # or ?, which are not supported'],
    ['* * * * 5#2', 'day-of-week', 'L, W, # or ?'],
    ['60 * * * * *', 'second', 'value 60 is outside 0-59'],
  ])('rejects "%s" naming the %s field', (expr, field, message) => {
    const err = errorOf(expr);
    expect(err).toBeInstanceOf(CronSyntaxError);
    expect(err.code).toBe('CRON_INVALID');
    expect(err.context.field).toBe(field);
    expect(err.message).toContain(`Bad ${field} field`);
    expect(err.message).toContain(message);
  });

  it('rejects a wrong field count with the expected layout', () => {
    expect(errorOf('* * * *').message).toContain(
      'has 4 field(s); expected 5 (minute hour day-of-month month day-of-week)',
    );
    expect(errorOf('* * * * * * *').message).toContain('has 7 field(s)');
    expect(errorOf('').message).toContain('has 0 field(s)');
  });

  it('rejects six fields when seconds are not allowed', () => {
    expect(errorOf('0 * * * * *', { allowSeconds: false }).message).toContain('seconds field is not allowed');
    expect(parseCron('0 * * * *', { allowSeconds: false }).hasSeconds).toBe(false);
  });

  it('rejects unknown @ forms, listing the known ones', () => {
    expect(errorOf('@often').message).toBe(
      'Unknown "@" form "@often"; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @reboot',
    );
  });

  it('rejects day/month combinations that never occur, but not Feb 29 or OR-rule days', () => {
    expect(errorOf('0 0 30 2 *').message).toContain('never fires: day-of-month 30 does not occur in month 2');
    expect(errorOf('0 0 31 4,6 *').code).toBe('CRON_INVALID');
    expect(parseCron('0 0 29 2 *').month.values).toEqual([2]);
    expect(parseCron('0 0 30 2 mon').dayOfWeek.values).toEqual([1]);
  });

  it('rejects non-string input', () => {
    expect(errorOf(42 as unknown as string).message).toBe('Cron expression must be a string');
  });
});
