import { nextFire, nextFireTimes } from './cron-next';
import { parseCron } from './cron-parser';

// Hand-verified reference table. Transition instants (2024):
// New York: spring 03-10 07:00Z (02:00 EST -> 03:00 EDT), fall 11-03 06:00Z (02:00 EDT -> 01:00 EST).
// London:   spring 03-31 01:00Z (01:00 GMT -> 02:00 BST), fall 10-27 01:00Z (02:00 BST -> 01:00 GMT).
// Sydney:   spring 10-05 16:00Z (02:00 AEST -> 03:00 AEDT), fall 04-06 16:00Z (03:00 AEDT -> 02:00 AEST).
type Row = [expr: string, after: string, tz: string, expected: string[], why: string];

const DST_TABLE: Row[] = [
  // America/New_York, spring forward
  [
    '30 2 * * *',
    '2024-03-09T12:00:00Z',
    'America/New_York',
    ['2024-03-10T07:00:00Z', '2024-03-11T06:30:00Z'],
    'skipped 02:30 fires at 03:00 EDT',
  ],
  [
    '0 * * * *',
    '2024-03-10T05:30:00Z',
    'America/New_York',
    ['2024-03-10T06:00:00Z', '2024-03-10T07:00:00Z', '2024-03-10T08:00:00Z'],
    'hourly: 02:00 and 03:00 coalesce',
  ],
  [
    '*/15 * * * *',
    '2024-03-10T06:40:00Z',
    'America/New_York',
    ['2024-03-10T06:45:00Z', '2024-03-10T07:00:00Z', '2024-03-10T07:15:00Z'],
    '02:00-02:45 coalesce into one fire',
  ],
  [
    '0 30 2 * * *',
    '2024-03-09T12:00:00Z',
    'America/New_York',
    ['2024-03-10T07:00:00Z', '2024-03-11T06:30:00Z'],
    'six-field skipped time',
  ],
  // America/New_York, fall back
  [
    '30 1 * * *',
    '2024-11-02T12:00:00Z',
    'America/New_York',
    ['2024-11-03T05:30:00Z', '2024-11-04T06:30:00Z'],
    'repeated 01:30 fires once (EDT)',
  ],
  [
    '30 2 * * *',
    '2024-11-02T12:00:00Z',
    'America/New_York',
    ['2024-11-03T07:30:00Z', '2024-11-04T07:30:00Z'],
    '02:30 is unique on fall-back day',
  ],
  [
    '0 * * * *',
    '2024-11-03T04:20:00Z',
    'America/New_York',
    ['2024-11-03T05:00:00Z', '2024-11-03T07:00:00Z', '2024-11-03T08:00:00Z'],
    'hourly: 01:00 EST skipped',
  ],
  [
    '*/15 * * * *',
    '2024-11-03T05:20:00Z',
    'America/New_York',
    ['2024-11-03T05:30:00Z', '2024-11-03T05:45:00Z', '2024-11-03T07:00:00Z'],
    'second pass of 01:xx skipped',
  ],
  [
    '*/15 * * * *',
    '2024-11-03T06:20:00Z',
    'America/New_York',
    ['2024-11-03T07:00:00Z'],
    'starting inside the second pass',
  ],
  [
    '*/30 * 1 * * *',
    '2024-11-03T05:59:00Z',
    'America/New_York',
    ['2024-11-03T05:59:30Z', '2024-11-04T06:00:00Z'],
    'six-field: whole repeated hour skipped',
  ],
  // Europe/London
  [
    '30 1 * * *',
    '2024-03-30T12:00:00Z',
    'Europe/London',
    ['2024-03-31T01:00:00Z', '2024-04-01T00:30:00Z'],
    'skipped 01:30 fires at 02:00 BST',
  ],
  [
    '0 * * * *',
    '2024-03-31T00:30:00Z',
    'Europe/London',
    ['2024-03-31T01:00:00Z', '2024-03-31T02:00:00Z'],
    'hourly spring forward',
  ],
  [
    '30 2 * * *',
    '2024-03-30T12:00:00Z',
    'Europe/London',
    ['2024-03-31T01:30:00Z', '2024-04-01T01:30:00Z'],
    '02:30 exists in BST',
  ],
  [
    '*/15 * * * *',
    '2024-03-31T00:50:00Z',
    'Europe/London',
    ['2024-03-31T01:00:00Z', '2024-03-31T01:15:00Z'],
    'every 15 min spring forward',
  ],
  [
    '30 1 * * *',
    '2024-10-26T12:00:00Z',
    'Europe/London',
    ['2024-10-27T00:30:00Z', '2024-10-28T01:30:00Z'],
    'repeated 01:30 fires once (BST)',
  ],
  [
    '*/15 * * * *',
    '2024-10-27T00:40:00Z',
    'Europe/London',
    ['2024-10-27T00:45:00Z', '2024-10-27T02:00:00Z', '2024-10-27T02:15:00Z'],
    'fall back every 15 min',
  ],
  [
    '0 0 * * * *',
    '2024-10-26T23:30:00Z',
    'Europe/London',
    ['2024-10-27T00:00:00Z', '2024-10-27T02:00:00Z'],
    'six-field hourly fall back',
  ],
  // Australia/Sydney
  [
    '30 2 * * *',
    '2024-10-05T00:00:00Z',
    'Australia/Sydney',
    ['2024-10-05T16:00:00Z', '2024-10-06T15:30:00Z'],
    'skipped 02:30 fires at 03:00 AEDT',
  ],
  [
    '*/15 * * * *',
    '2024-10-05T15:50:00Z',
    'Australia/Sydney',
    ['2024-10-05T16:00:00Z', '2024-10-05T16:15:00Z'],
    'every 15 min spring forward',
  ],
  [
    '0 * * * *',
    '2024-10-05T14:30:00Z',
    'Australia/Sydney',
    ['2024-10-05T15:00:00Z', '2024-10-05T16:00:00Z', '2024-10-05T17:00:00Z'],
    'hourly spring forward',
  ],
  [
    '30 2 * * *',
    '2024-04-06T00:00:00Z',
    'Australia/Sydney',
    ['2024-04-06T15:30:00Z', '2024-04-07T16:30:00Z'],
    'repeated 02:30 fires once (AEDT)',
  ],
  [
    '0 * * * *',
    '2024-04-06T14:30:00Z',
    'Australia/Sydney',
    ['2024-04-06T15:00:00Z', '2024-04-06T17:00:00Z'],
    'hourly fall back',
  ],
  [
    '0 0 3 * * *',
    '2024-10-05T00:00:00Z',
    'Australia/Sydney',
    ['2024-10-05T16:00:00Z'],
    'six-field 03:00 on spring-forward day',
  ],
];

const PLAIN_TABLE: Row[] = [
  [
    '0 0 29 2 *',
    '2024-03-01T00:00:00Z',
    'UTC',
    ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'],
    'Feb 29 only in leap years',
  ],
  ['0 0 29 2 *', '2096-03-01T00:00:00Z', 'UTC', ['2104-02-29T00:00:00Z'], '2100 is not a leap year'],
  [
    '0 0 31 * *',
    '2024-01-31T00:00:00Z',
    'UTC',
    ['2024-03-31T00:00:00Z', '2024-05-31T00:00:00Z', '2024-07-31T00:00:00Z', '2024-08-31T00:00:00Z'],
    '31st skips short months',
  ],
  [
    '0 12 13 * fri',
    '2024-01-01T00:00:00Z',
    'UTC',
    ['2024-01-05T12:00:00Z', '2024-01-12T12:00:00Z', '2024-01-13T12:00:00Z', '2024-01-19T12:00:00Z'],
    'DOM/DOW OR rule',
  ],
  [
    '0 0 */2 * mon',
    '2024-01-01T00:00:00Z',
    'UTC',
    ['2024-01-15T00:00:00Z', '2024-01-29T00:00:00Z', '2024-02-05T00:00:00Z'],
    'DOM starting with * uses AND',
  ],
  [
    '0 9 * jan,mar mon-fri',
    '2024-01-31T10:00:00Z',
    'UTC',
    ['2024-03-01T09:00:00Z', '2024-03-04T09:00:00Z'],
    'month and weekday names',
  ],
  ['0 9 * * SUN', '2024-01-01T00:00:00Z', 'UTC', ['2024-01-07T09:00:00Z'], 'upper-case name'],
  ['0 9 * * 7', '2024-01-01T00:00:00Z', 'UTC', ['2024-01-07T09:00:00Z'], '7 is Sunday'],
  [
    '10-30/10 * * * *',
    '2024-01-01T00:00:00Z',
    'UTC',
    ['2024-01-01T00:10:00Z', '2024-01-01T00:20:00Z', '2024-01-01T00:30:00Z', '2024-01-01T01:10:00Z'],
    'stepped range',
  ],
  [
    '5/20 * * * *',
    '2024-01-01T00:00:00Z',
    'UTC',
    ['2024-01-01T00:05:00Z', '2024-01-01T00:25:00Z', '2024-01-01T00:45:00Z', '2024-01-01T01:05:00Z'],
    'a/step runs to the maximum',
  ],
  [
    '1,2,5-6 * * * *',
    '2024-01-01T00:02:00Z',
    'UTC',
    ['2024-01-01T00:05:00Z', '2024-01-01T00:06:00Z', '2024-01-01T01:01:00Z'],
    'list',
  ],
  ['59 23 31 12 *', '2024-12-31T23:59:00Z', 'UTC', ['2025-12-31T23:59:00Z'], 'year rollover, strictly after'],
  [
    '*/20 * * * * *',
    '2024-01-01T00:00:00.500Z',
    'UTC',
    ['2024-01-01T00:00:20Z', '2024-01-01T00:00:40Z', '2024-01-01T00:01:00Z'],
    'seconds field, sub-second after',
  ],
  ['* * * * *', '2024-01-01T00:00:59.999Z', 'UTC', ['2024-01-01T00:01:00Z'], 'every minute'],
  ['@yearly', '2024-06-01T00:00:00Z', 'Europe/London', ['2025-01-01T00:00:00Z'], '@yearly'],
  [
    '@monthly',
    '2024-06-15T00:00:00Z',
    'America/New_York',
    ['2024-07-01T04:00:00Z'],
    '@monthly in local time',
  ],
  ['@weekly', '2024-01-01T00:00:00Z', 'UTC', ['2024-01-07T00:00:00Z'], '@weekly is Sunday midnight'],
  ['@daily', '2024-01-01T00:00:00Z', 'Australia/Sydney', ['2024-01-01T13:00:00Z'], '@daily in Sydney (AEDT)'],
  [
    '@midnight',
    '2024-07-01T00:00:00Z',
    'Australia/Sydney',
    ['2024-07-01T14:00:00Z'],
    '@midnight in Sydney (AEST)',
  ],
  ['@hourly', '2024-01-01T00:00:00Z', 'UTC', ['2024-01-01T01:00:00Z'], '@hourly'],
  ['0 0 1 1 *', '2024-01-01T00:00:00Z', 'Asia/Kolkata', ['2024-12-31T18:30:00Z'], 'half-hour offset'],
];

describe('nextFireTimes reference table', () => {
  it.each([...DST_TABLE, ...PLAIN_TABLE])('%s after %s in %s', (expr, after, tz, expected) => {
    const got = nextFireTimes(expr, new Date(after), tz, expected.length).map((d) => d.toISOString());
    expect(got).toEqual(expected.map((e) => new Date(e).toISOString()));
  });
});

describe('nextFire', () => {
  it('returns null for @reboot', () => {
    expect(nextFire('@reboot', new Date('2024-01-01T00:00:00Z'), 'UTC')).toBeNull();
  });

  it('accepts a parsed expression', () => {
    const e = parseCron('0 6 * * *');
    expect(nextFire(e, new Date('2024-01-01T07:00:00Z'), 'UTC')?.toISOString()).toBe(
      '2024-01-02T06:00:00.000Z',
    );
  });

  it('rejects an unknown time zone with CRON_TZ_INVALID', () => {
    expect(() => nextFire('* * * * *', new Date(), 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'CRON_TZ_INVALID' }),
    );
  });

  it('rejects an invalid Date', () => {
    expect(() => nextFire('* * * * *', new Date('nope'), 'UTC')).toThrow(
      expect.objectContaining({ code: 'CRON_INVALID' }),
    );
  });

  it('never returns a time at or before "after" and is strictly increasing across both DST transitions', () => {
    for (const tz of ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe']) {
      // Hourly from March to December crosses both transitions of every zone listed.
      const times = nextFireTimes('15 * * * *', new Date('2024-03-01T00:00:00Z'), tz, 7_000);
      expect(times).toHaveLength(7_000);
      const backwards = times.filter((t, i) => i > 0 && t.getTime() <= times[i - 1]!.getTime());
      expect(backwards).toEqual([]);
    }
  });

  it('jumps by field rather than scanning: 500 leap-day look-ups (4 years apart each) in under 1 s', () => {
    const e = parseCron('0 4 29 2 *');
    const start = Date.now();
    let t = new Date('2024-01-01T00:00:00Z');
    for (let i = 0; i < 500; i++) t = nextFire(e, new Date(t.getTime() + 1000), 'Europe/London') ?? t;
    expect(Date.now() - start).toBeLessThan(1000);
    expect(t.getUTCFullYear()).toBeGreaterThan(3900); // a minute-by-minute scan would take hours
  });
});
