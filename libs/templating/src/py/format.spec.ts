import { formatSpec, percentFormat, strFormat } from './format';
import { markTuple } from './values';

describe('format spec mini-language', () => {
  it.each([
    [3.14159, '.3f', '3.142'],
    [1234.5, 'e', '1.234500e+03'],
    [1234.5, '.2E', '1.23E+03'],
    [0.00012345, 'g', '0.00012345'],
    [0.256, '.1%', '25.6%'],
    [255, 'x', 'ff'],
    [255, '#>6X', '####FF'],
    [8, 'o', '10'],
    [5, 'b', '101'],
    [65, 'c', 'A'],
    [5, '+d', '+5'],
    [-5, '06d', '-00005'],
    [5, ' d', ' 5'],
    [1234567.891, ',.2f', '1,234,567.89'],
    [1234567, '_', '1_234_567'],
    ['abc', '.2', 'ab'],
    ['ab', '*^6', '**ab**'],
    [true, '', 'True'],
  ])('format(%j, %j)', (value, spec, expected) => {
    expect(formatSpec(value, spec)).toBe(expected);
  });

  it('rejects bad specs and non-numbers for numeric types', () => {
    expect(() => formatSpec(1, '!!')).toThrow(/Invalid format specifier/);
    expect(() => formatSpec('a', 'd')).toThrow(/TypeError/);
  });
});

describe('percent formatting', () => {
  it.each([
    ['%s|%r', ['a', 'a'], "a|'a'"],
    ['%5s|%-5s|', ['ab', 'ab'], '   ab|ab   |'],
    ['%+d %i %u', [1, 2, 3], '+1 2 3'],
    ['%x %X %o', [255, 255, 8], 'ff FF 10'],
    ['%.2e', [12345], '1.23e+04'],
    ['100%%', [], '100%'],
  ])('%j %% %j', (fmt, args, expected) => {
    expect(percentFormat(fmt, markTuple([...args]))).toBe(expected);
  });

  it('counts arguments like Python', () => {
    expect(() => percentFormat('%s %s', markTuple(['a']))).toThrow(/not enough arguments/);
    expect(() => percentFormat('%s', markTuple(['a', 'b']))).toThrow(/not all arguments converted/);
    // A list is one argument; only a tuple is an argument list.
    expect(percentFormat('%s', ['a', 'b'])).toBe("['a', 'b']");
  });
});

describe('str.format', () => {
  it('supports attribute access and conversions', () => {
    expect(strFormat('{0.a}-{x!r}', [{ a: 1 }, { x: 'y', __keywords: true }])).toBe("1-'y'");
  });
});
