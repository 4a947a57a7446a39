/** Python `str` methods, looked up by name when a template calls `value.method(...)`. */
import { PyCompatError } from '../errors';
import { strFormat } from './format';
import { bindArgs, markTuple, pyStr, pyStrRepr } from './values';

type StrMethod = (s: string, args: unknown[]) => unknown;

/** `str.encode()` result: prints as Python bytes (`b'text'`). */
class PyBytes {
  constructor(private readonly text: string) {}
  toString(): string {
    const latin = [...Buffer.from(this.text, 'utf8')]
      .map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
      .join('');
    return `b${pyStrRepr(latin).replace(/\\\\x/g, '\\x')}`;
  }
}

const WS = ' \t\n\r\x0b\x0c';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = typeof chars === 'string' ? chars : WS;
  let a = 0;
  let b = s.length;
  while (left && a < b && set.includes(s.charAt(a))) a++;
  while (right && b > a && set.includes(s.charAt(b - 1))) b--;
  return s.slice(a, b);
}

function split(s: string, args: unknown[], fromRight: boolean): string[] {
  const b = bindArgs('split', ['sep', 'maxsplit'], args);
  const max = typeof b.maxsplit === 'number' && b.maxsplit >= 0 ? b.maxsplit : Infinity;
  if (b.sep === undefined || b.sep === null) return splitWhitespace(s, max, fromRight);
  const sep = String(b.sep);
  if (sep === '') throw new PyCompatError('ValueError', 'empty separator');
  const parts = s.split(sep);
  if (parts.length - 1 <= max) return parts;
  return fromRight
    ? [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)]
    : [...parts.slice(0, max), parts.slice(max).join(sep)];
}

function splitWhitespace(s: string, max: number, fromRight: boolean): string[] {
  const words = s.trim().split(/\s+/).filter(Boolean);
  if (words.length - 1 <= max) return words;
  if (!fromRight) {
    const head = words.slice(0, max);
    const rest = s.trim().replace(new RegExp(`^(\\S+\\s+){${max}}`), '');
    return [...head, rest];
  }
  const tail = words.slice(words.length - max);
  const rest = s.trim().replace(new RegExp(`(\\s+\\S+){${max}}$`), '');
  return [rest, ...tail];
}

function affix(s: string, args: unknown[], test: (s: string, p: string) => boolean): boolean {
  const b = bindArgs('startswith', ['prefix', 'start', 'end'], args);
  const sub = s.slice(
    typeof b.start === 'number' ? b.start : 0,
    typeof b.end === 'number' ? b.end : undefined,
  );
  const options = Array.isArray(b.prefix) ? b.prefix : [b.prefix];
  return options.some((p) => typeof p === 'string' && test(sub, p));
}

function title(s: string): string {
  return s.replace(/[A-Za-z\u00C0-\uFFFF]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

function justify(s: string, args: unknown[], align: 'l' | 'r' | 'c'): string {
  const b = bindArgs('justify', ['width', 'fillchar'], args);
  const width = Number(b.width ?? 0);
  const fill = typeof b.fillchar === 'string' ? b.fillchar : ' ';
  const n = width - s.length;
  if (n <= 0) return s;
  if (align === 'l') return s + fill.repeat(n);
  if (align === 'r') return fill.repeat(n) + s;
  // CPython centres with the extra fill on the right unless both n and width are odd.
  const left = Math.floor(n / 2) + (n & width & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
}

function find(s: string, args: unknown[], fromRight: boolean): number {
  const b = bindArgs('find', ['sub', 'start', 'end'], args);
  const start = typeof b.start === 'number' ? b.start : 0;
  const hay = s.slice(0, typeof b.end === 'number' ? b.end : undefined);
  const sub = String(b.sub);
  const i = fromRight ? hay.lastIndexOf(sub) : hay.indexOf(sub, start);
  return i >= start ? i : -1;
}

function mustFind(s: string, args: unknown[], fromRight: boolean): number {
  const i = find(s, args, fromRight);
  if (i < 0) throw new PyCompatError('ValueError', 'substring not found');
  return i;
}

function partition(s: string, sepArg: unknown, fromRight: boolean): string[] {
  const sep = String(sepArg);
  const i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return markTuple(fromRight ? ['', '', s] : [s, '', '']);
  return markTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}

/** Tabs advance to the next multiple of `size` columns (columns restart after a newline). */
function expandtabs(s: string, size: number): string {
  let col = 0;
  let out = '';
  for (const c of s) {
    if (c === '\t') {
      const n = size > 0 ? size - (col % size) : 0;
      out += ' '.repeat(n);
      col += n;
    } else {
      out += c;
      col = c === '\n' || c === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

function zfill(s: string, width: unknown): string {
  const w = Number(width);
  const sign = /^[+-]/.test(s) ? s.charAt(0) : '';
  return sign + s.slice(sign.length).padStart(w - sign.length, '0');
}

function replace(s: string, args: unknown[]): string {
  const b = bindArgs('replace', ['old', 'new', 'count'], args);
  const [old, rep] = [String(b.old), pyStr(b.new)];
  let count = typeof b.count === 'number' && b.count >= 0 ? b.count : Infinity;
  if (count === Infinity) return s.split(old).join(rep);
  return s.replace(new RegExp(escapeRe(old), 'g'), (m) => (count-- > 0 ? rep : m));
}

const isCased = (s: string, test: (c: string) => boolean): boolean =>
  /[A-Za-z\u00C0-\uFFFF]/.test(s) && test(s);

export const STR_METHODS: Record<string, StrMethod> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  casefold: (s) => s.toLowerCase().replace(/ß/g, 'ss'),
  swapcase: (s) => s.replace(/./gu, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())),
  title: (s) => title(s),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  strip: (s, a) => stripChars(s, a[0], true, true),
  lstrip: (s, a) => stripChars(s, a[0], true, false),
  rstrip: (s, a) => stripChars(s, a[0], false, true),
  split: (s, a) => split(s, a, false),
  rsplit: (s, a) => split(s, a, true),
  splitlines: (s, a) =>
    s === ''
      ? []
      : s
          .replace(/\r\n|\r|\n$/g, (m) => (m === '\n' ? '' : '\n'))
          .split('\n')
          .map((l, i, all) => (a[0] && i < all.length - 1 ? `${l}\n` : l)),
  startswith: (s, a) => affix(s, a, (x, p) => x.startsWith(p)),
  endswith: (s, a) => affix(s, a, (x, p) => x.endsWith(p)),
  replace: (s, a) => replace(s, a),
  find: (s, a) => find(s, a, false),
  rfind: (s, a) => find(s, a, true),
  index: (s, a) => mustFind(s, a, false),
  rindex: (s, a) => mustFind(s, a, true),
  count: (s, a) => (String(a[0]) === '' ? s.length + 1 : s.split(String(a[0])).length - 1),
  join: (s, a) =>
    (Array.isArray(a[0]) ? a[0] : typeof a[0] === 'string' ? [...a[0]] : Object.keys(a[0] ?? {}))
      .map(pyStr)
      .join(s),
  format: (s, a) => strFormat(s, a),
  zfill: (s, a) => zfill(s, a[0]),
  center: (s, a) => justify(s, a, 'c'),
  ljust: (s, a) => justify(s, a, 'l'),
  rjust: (s, a) => justify(s, a, 'r'),
  encode: (s) => new PyBytes(s),
  partition: (s, a) => partition(s, a[0], false),
  rpartition: (s, a) => partition(s, a[0], true),
  removeprefix: (s, a) => (typeof a[0] === 'string' && s.startsWith(a[0]) ? s.slice(a[0].length) : s),
  removesuffix: (s, a) =>
    typeof a[0] === 'string' && a[0] && s.endsWith(a[0]) ? s.slice(0, -a[0].length) : s,
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\d+$/.test(s),
  isdecimal: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z\u00C0-\uFFFF]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9\u00C0-\uFFFF]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => isCased(s, (x) => x === x.toLowerCase()),
  isupper: (s) => isCased(s, (x) => x === x.toUpperCase()),
  istitle: (s) => isCased(s, (x) => x === title(x)),
  expandtabs: (s, a) => expandtabs(s, typeof a[0] === 'number' ? a[0] : 8),
};
