import { parseSize } from './size';

describe('parseSize', () => {
  it.each([
    ['1K', 1000],
    ['1KiB', 1024],
    ['1.5MiB', 1572864],
    ['2 GB', 2_000_000_000],
    [' 10 ', 10],
    [1.9, 1],
    [42, 42],
    ['1B', 1],
    ['3M', 3_000_000],
    ['1MB', 1_000_000],
    ['1T', 1e12],
    ['1PB', 1e15],
    ['1GiB', 1024 ** 3],
    ['2TiB', 2 * 1024 ** 4],
    ['1PiB', 1024 ** 5],
    ['1e3K', 1_000_000],
    ['-1K', -1000],
    ['0.0001K', 0],
  ])('%j → %d bytes', (input, expected) => {
    expect(parseSize(input)).toBe(expected);
  });

  it.each([['1k'], ['1.5'], ['KB'], [''], ['1 kib'], ['1X'], [null], [false], [[]]])(
    'rejects %j',
    (input) => {
      expect(() => parseSize(input)).toThrow(expect.objectContaining({ rule: 'size' }));
    },
  );
});
