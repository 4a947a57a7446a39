import { OutputFailedError } from '../errors';
import { SqlDecimal } from '../session/sql-values';
import {
  DelimitedWriter,
  resolveDelimitedOptions,
  SQL_JOB_CSV_DEFAULTS,
  type DelimitedOptionsInput,
} from './delimited-writer';
import { formatNumber, formatValue } from './value-format';

const line = (row: unknown[], o: DelimitedOptionsInput = {}) =>
  new DelimitedWriter(resolveDelimitedOptions({ dialect: 'unix', ...o })).formatRow(row);

describe('DelimitedWriter', () => {
  it.each<[string, unknown[], DelimitedOptionsInput, string]>([
    ['plain minimal', ['a', 1, null], {}, 'a,1,\n'],
    ['delimiter forces quotes', ['a,b', 'c'], {}, '"a,b",c\n'],
    ['newline forces quotes', ['a\nb'], {}, '"a\nb"\n'],
    ['carriage return forces quotes', ['a\rb', 'x'], {}, '"a\rb",x\n'],
    ['embedded quote doubled by default (RFC 4180)', ['say "hi"'], {}, '"say ""hi"""\n'],
    ['lone empty field is quoted', [''], {}, '""\n'],
    ['lone null field is quoted', [null], {}, '""\n'],
    ['two empty fields are not', ['', null], {}, ',\n'],
    ['all quotes everything incl. null and numbers', ['a', 1, null], { quoting: 'all' }, '"a","1",""\n'],
    ['quoting is case-insensitive', ['a'], { quoting: 'ALL' }, '"a"\n'],
    [
      'nonnumeric leaves numbers bare',
      ['a', 1, 2.5, true, new SqlDecimal('12.30'), 10n, null],
      { quoting: 'nonnumeric' },
      '"a",1,2.5,True,12.30,10,""\n',
    ],
    ['none with escapechar escapes delimiter', ['a,b'], { quoting: 'none', escapechar: '\\' }, 'a\\,b\n'],
    ['none escapes quotechar too', ['a"b'], { quoting: 'none', escapechar: '\\' }, 'a\\"b\n'],
    ['escapechar instead of doubling', ['a"b'], { doublequote: false, escapechar: '\\' }, 'a\\"b\n'],
    ['escapechar itself is escaped', ['a\\b'], { escapechar: '\\' }, 'a\\\\b\n'],
    [
      'escaped quote still quoted for delimiter',
      ['a"b,c'],
      { doublequote: false, escapechar: '\\' },
      '"a\\"b,c"\n',
    ],
    [
      'custom delimiter and quotechar',
      ['a|b', "it's"],
      { delimiter: '|', quotechar: "'" },
      "'a|b'|'it''s'\n",
    ],
    ['lava job defaults', ['a|b', 'c"d', 1], SQL_JOB_CSV_DEFAULTS, '"a|b"|"c""d"|1\r\n'],
  ])('%s', (_name, row, opts, expected) => {
    expect(line(row, opts)).toBe(expected);
  });

  it('excel and excel-tab dialects end lines with CRLF, unix with LF; excel-tab keeps the delimiter', () => {
    expect(new DelimitedWriter(resolveDelimitedOptions({ dialect: 'excel' })).formatRow(['a', 'b'])).toBe(
      'a,b\r\n',
    );
    expect(new DelimitedWriter(resolveDelimitedOptions({ dialect: 'excel-tab' })).formatRow(['a', 'b'])).toBe(
      'a,b\r\n',
    );
    expect(new DelimitedWriter(resolveDelimitedOptions({ dialect: 'unix' })).formatRow(['a', 'b'])).toBe(
      'a,b\n',
    );
  });

  it('fails like the original when a quote must be escaped but cannot be', () => {
    expect(() => line(['a"b'], { doublequote: false })).toThrow('need to escape, but no escapechar set');
    expect(() => line(['a,b'], { quoting: 'none' })).toThrow(OutputFailedError);
    expect(() => line([''], { quoting: 'none', escapechar: '\\' })).toThrow(
      'single empty field record must be quoted',
    );
  });

  it('rejects bad options', () => {
    expect(() => resolveDelimitedOptions({ quoting: 'sometimes' })).toThrow('Bad quoting style');
    expect(() => resolveDelimitedOptions({ delimiter: '||' })).toThrow(
      'delimiter must be a single character',
    );
    expect(() => resolveDelimitedOptions({ dialect: 'tsv' })).toThrow('Bad dialect');
  });
});

describe('formatValue', () => {
  it.each<[unknown, string]>([
    [null, ''],
    [undefined, ''],
    [true, 'True'],
    [false, 'False'],
    [42, '42'],
    [-7, '-7'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [123456789.125, '123456789.125'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [-2.5e-7, '-2.5e-07'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [12345678901234567890n, '12345678901234567890'],
    [new SqlDecimal('12.30'), '12.30'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02 03:04:05'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)), '2024-01-02 03:04:05.120000'],
    [Buffer.from([0, 255]), '\\x00ff'],
    [{ a: 1 }, '{"a":1}'],
  ])('%p -> %s', (v, expected) => {
    expect(formatValue(v)).toBe(expected);
  });

  it('formats floats like Python repr across the exponent boundaries', () => {
    expect(formatNumber(123.0)).toBe('123');
    expect(formatNumber(1234567890123456.8)).toBe('1234567890123456.8');
    expect(formatNumber(0.00012)).toBe('0.00012');
  });
});
