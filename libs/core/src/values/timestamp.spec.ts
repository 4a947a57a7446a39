import {
  formatTimestamp,
  formatUtcNaive,
  normalizeTimestamp,
  parseStrictIsoTimestamp,
  parseTimestamp,
} from './timestamp';
import { timeZoneOffsetMinutes } from './timezone';

describe('formatTimestamp / formatUtcNaive', () => {
  const at = new Date('2024-05-01T00:15:00.789Z');
  it.each([
    ['UTC', '2024-05-01T00:15:00+00:00'],
    ['Australia/Sydney', '2024-05-01T10:15:00+10:00'],
    ['America/New_York', '2024-04-30T20:15:00-04:00'],
    ['Asia/Kolkata', '2024-05-01T05:45:00+05:30'],
  ])('in %s', (tz, expected) => {
    expect(formatTimestamp(at, tz)).toBe(expected);
  });

  it('writes naive UTC with whole seconds for tu_event', () => {
    expect(formatUtcNaive(at)).toBe('2024-05-01T00:15:00');
  });

  it('handles negative offsets with minutes', () => {
    expect(formatTimestamp(new Date('2024-01-01T12:00:00Z'), 'America/St_Johns')).toBe(
      '2024-01-01T08:30:00-03:30',
    );
  });
});

describe('parseTimestamp (lenient)', () => {
  it.each([
    ['2024-05-01T10:15:00+10:00', '2024-05-01T00:15:00.000Z'],
    ['2024-05-01T00:15:00Z', '2024-05-01T00:15:00.000Z'],
    ['2024-05-01 00:15:00', '2024-05-01T00:15:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T10:15', '2024-05-01T10:15:00.000Z'],
    ['2024-05-01T10:15:00.123456-0130', '2024-05-01T11:45:00.123Z'],
    ['2024-05-01T10:15:00+10', '2024-05-01T00:15:00.000Z'],
    ['0001-01-01T00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T00:00Z', '9999-12-31T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseTimestamp(text).toISOString()).toBe(iso);
  });

  it('reads naive values in the given timezone, including across DST', () => {
    expect(parseTimestamp('2024-07-01T12:00:00', 'Europe/London').toISOString()).toBe(
      '2024-07-01T11:00:00.000Z',
    );
    expect(parseTimestamp('2024-01-01T12:00:00', 'Europe/London').toISOString()).toBe(
      '2024-01-01T12:00:00.000Z',
    );
    expect(parseTimestamp('2023-08-01', 'Pacific/Auckland').toISOString()).toBe('2023-07-31T12:00:00.000Z');
  });

  it.each([['yesterday'], ['2024-13-01'], ['2024-02-30'], ['2024-05-01T25:00'], [''], [12]])(
    'rejects %j',
    (v) => {
      expect(() => parseTimestamp(v)).toThrow(/Bad timestamp/);
    },
  );
});

describe('parseStrictIsoTimestamp (globals.lava.*_start)', () => {
  it('accepts offset and Z forms', () => {
    expect(parseStrictIsoTimestamp('2024-05-01T10:15:00.5+10:00').toISOString()).toBe(
      '2024-05-01T00:15:00.500Z',
    );
    expect(parseStrictIsoTimestamp('2024-05-01T10:15:00Z').toISOString()).toBe('2024-05-01T10:15:00.000Z');
  });
  it.each([['2024-05-01T10:15:00'], ['2024-05-01 10:15:00+00:00'], ['2024-05-01']])('rejects %s', (v) => {
    expect(() => parseStrictIsoTimestamp(v)).toThrow(/Bad timestamp/);
  });
});

describe('timeZoneOffsetMinutes', () => {
  it('follows DST', () => {
    expect(timeZoneOffsetMinutes(new Date('2024-01-15T00:00:00Z'), 'Australia/Sydney')).toBe(660);
    expect(timeZoneOffsetMinutes(new Date('2024-07-15T00:00:00Z'), 'Australia/Sydney')).toBe(600);
  });
  it('rejects unknown zones', () => {
    expect(() => timeZoneOffsetMinutes(new Date(), 'Mars/Olympus')).toThrow(/Bad timezone/);
  });
});

describe('normalizeTimestamp: the one stored form', () => {
  it.each([
    ['2026-12-06T19:58:30.893Z', '2026-12-06T19:58:30+00:00'],
    ['2026-12-06T19:58:30+00:00', '2026-12-06T19:58:30+00:00'],
    ['2024-05-01T13:00:09.5+10:00', '2024-05-01T13:00:09+10:00'],
    ['2024-05-01T13:00:09-0330', '2024-05-01T13:00:09-03:30'],
    ['2024-05-01 13:00:09', '2024-05-01T13:00:09+00:00'],
  ])('%s -> %s', (text, stored) => {
    expect(normalizeTimestamp(text)).toBe(stored);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => normalizeTimestamp('yesterday')).toThrow('Bad timestamp');
  });
});
