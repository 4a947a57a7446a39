import { formatDuration, parseDuration, roundHalfEven } from './duration';

describe('parseDuration', () => {
  it.each([
    ['10', 10],
    ['1.5m', 90],
    [' 3 m ', 180],
    ['.5h', 1800],
    ['1e2s', 100],
    ['-5s', -5],
    ['2d', 172800],
    ['1w', 604800],
    ['0', 0],
    ['15m', 900],
    [10, 10],
    [2.5, 2.5],
    ['+4s', 4],
  ])('%j → %d seconds', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    ['5M'],
    ['5ms'],
    [''],
    ['  '],
    ['m'],
    ['1 h x'],
    [true],
    [null],
    [{}],
    [NaN],
    [Infinity],
    ['1,5m'],
  ])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(
      expect.objectContaining({ code: 'LAVA_BAD_VALUE', rule: 'duration' }),
    );
  });
});

describe('roundHalfEven (Python round)', () => {
  it.each([
    [2.5, 2],
    [3.5, 4],
    [2.4, 2],
    [2.6, 3],
    [-0.5, 0],
    [-1.5, -2],
    [90, 90],
  ])('%d → %d', (n, expected) => {
    expect(roundHalfEven(n)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [90, '90s'],
    [3600, '1h'],
    [120, '2m'],
    [0, '0s'],
    [604800, '1w'],
  ])('%d → %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
    expect(parseDuration(text)).toBe(s);
  });
});
