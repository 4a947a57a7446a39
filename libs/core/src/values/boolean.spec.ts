import { isTruthy, parseBoolean } from './boolean';

describe('parseBoolean (strict parser)', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    [' T ', true],
    ['YES', true],
    ['y', true],
    ['false', false],
    ['F', false],
    ['no', false],
    ['n', false],
    ['1', true],
    ['-2', true],
    ['0', false],
    ['00', false],
  ])('%j → %s', (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it.each([[''], ['maybe'], ['on'], ['1.0'], [1], [null], [undefined], [{}]])('rejects %j', (input) => {
    expect(() => parseBoolean(input)).toThrow(expect.objectContaining({ code: 'LAVA_BAD_VALUE' }));
  });
});

describe('isTruthy (the original s3trigger semantics, kept for reference)', () => {
  it.each([
    ['false', true],
    ['', false],
    [0, false],
    [[], false],
    [{}, false],
    [{ a: 1 }, true],
    [null, false],
  ])('%j → %s', (input, expected) => {
    expect(isTruthy(input)).toBe(expected);
  });
});
