import { parseLocalDateTime } from './local-time';

describe('parseLocalDateTime', () => {
  it.each([
    ['2024-07-01', 'Europe/London', '2024-06-30T23:00:00.000Z'],
    ['2024-07-01T09:00', 'Europe/London', '2024-07-01T08:00:00.000Z'],
    ['2024-07-01 09:00:00', 'Australia/Sydney', '2024-06-30T23:00:00.000Z'],
    ['2024-01-01T00:00:00Z', 'America/New_York', '2024-01-01T00:00:00.000Z'],
    [' 2024-01-01T00:00:00+02:00 ', 'UTC', '2023-12-31T22:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 GMT', 'Australia/Sydney', '2024-01-01T10:00:00.000Z'],
  ])('reads %s in %s', (text, tz, iso) => {
    expect(parseLocalDateTime(text, tz)?.toISOString()).toBe(iso);
  });

  it('returns null for text that is not a date', () => {
    expect(parseLocalDateTime('next tuesday', 'UTC')).toBeNull();
  });
});
