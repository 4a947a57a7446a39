import { parseInteger } from './integer';

describe('parseInteger', () => {
  it.each([
    [3, 3],
    [' 3 ', 3],
    ['-2', -2],
    ['+7', 7],
    [0, 0],
  ])('%j → %d', (input, expected) => {
    expect(parseInteger(input)).toBe(expected);
  });

  it.each([[1.5], ['1.5'], ['x'], [''], [null], [true]])('rejects %j', (input) => {
    expect(() => parseInteger(input)).toThrow(expect.objectContaining({ rule: 'integer' }));
  });

  it('applies min and max', () => {
    expect(() => parseInteger(0, { min: 1 })).toThrow(/must be >= 1/);
    expect(() => parseInteger('11', { max: 10 })).toThrow(/must be <= 10/);
    expect(parseInteger('10', { min: 1, max: 10 })).toBe(10);
  });
});
