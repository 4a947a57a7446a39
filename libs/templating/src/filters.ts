/**
 * Jinja 3.1's filters, reimplemented with Python semantics (the environment registers
 * exactly this table, so a filter Jinja lacks is refused as Jinja refuses it). Each accepts
 * Python keyword arguments (`map(attribute='x')`) and raises where Jinja raises.
 *
 * Filters that return a generator in Jinja (`map`, `select`, `unique`, `batch`...) return
 * lists here: printing one without `| list` shows the items instead of Jinja's
 * `<generator object ...>` (a documented difference).
 */
import { PyCompatError, UndefinedAccessError } from './errors';
import { percentFormat } from './py/format';
import { pyJsonDumps } from './py/json';
import { isFloat, isNum, mkFloat, num, PyFloat, roundHalfEven } from './py/number';
import { pyAdd, pyCompare, pyEq } from './py/operators';
import { pyIterate, pyUnpack } from './py/loop';
import { STR_METHODS } from './py/str-methods';
import { PyTimedelta } from './py/timedelta';
import { bindArgs, isDict, markTuple, pyRepr, pyStr, pyTruthy, pyTypeName, splitKwargs } from './py/values';
import { memberLookup } from './python-runtime';

export type Filter = (value: unknown, ...args: unknown[]) => unknown;
/** Tests are looked up by name for `select`/`reject`; injected to avoid a cycle. */
export type TestLookup = (name: string) => ((value: unknown, ...args: unknown[]) => boolean) | undefined;

/** `attribute='a.b'` or an index, resolved like Jinja's `make_attrgetter`. */
export function getAttr(value: unknown, attribute: unknown): unknown {
  if (typeof attribute === 'number') return memberLookup(value, attribute);
  return String(attribute)
    .split('.')
    .reduce<unknown>(
      (v, part) => (v === undefined ? undefined : memberLookup(v, /^\d+$/.test(part) ? Number(part) : part)),
      value,
    );
}

const str = (s: string, name: string, args: unknown[] = []): unknown => {
  const m = STR_METHODS[name];
  if (!m) throw new PyCompatError('AttributeError', `str has no method ${name}`);
  return m(s, args);
};

/** Python `len()`. */
function pyLen(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw new PyCompatError('TypeError', `object of type '${pyTypeName(v)}' has no len()`);
}

/** Jinja's Undefined raises when converted to a number. */
function defined(v: unknown): void {
  if (v === undefined) throw new UndefinedAccessError('value');
}

/** Python `int(text, base)`: optional sign, prefixes for bases 0/2/8/16, underscores between digits. */
function parseIntText(text: string, base: number): number | undefined {
  const s = text.trim().toLowerCase();
  const m = /^([+-]?)(0[box])?([0-9a-z](?:_?[0-9a-z])*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, prefix, digitsRaw = ''] = m;
  const digits = digitsRaw.replace(/_/g, '');
  let b = base;
  if (prefix) {
    const pb = prefix === '0b' ? 2 : prefix === '0o' ? 8 : 16;
    if (b !== 0 && b !== pb) return undefined;
    b = pb;
  } else if (b === 0) {
    if (/^0+$/.test(digits)) return 0;
    if (digits.startsWith('0')) return undefined;
    b = 10;
  }
  const valid = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (![...digits].every((c) => valid.includes(c))) return undefined;
  const n = parseInt(digits, b);
  return sign === '-' ? -n : n;
}

/** Python `float(text)`. */
function parseFloatText(text: string): number | undefined {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(nan|inf|infinity)$/.test(s))
    return s.includes('nan') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function toIntFilter(v: unknown, ...a: unknown[]): unknown {
  const b = bindArgs('int', ['default', 'base'], a);
  const dflt = b.default ?? 0;
  defined(v);
  if (typeof v === 'string') {
    const n = parseIntText(v, Number(b.base ?? 10));
    if (n !== undefined) return n;
    const f = parseFloatText(v);
    return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : dflt;
  }
  if (isNum(v)) {
    const n = num(v);
    return Number.isFinite(n) ? Math.trunc(n) : dflt;
  }
  return dflt;
}

function toFloatFilter(v: unknown, ...a: unknown[]): unknown {
  const dflt = bindArgs('float', ['default'], a).default ?? new PyFloat(0);
  defined(v);
  if (isNum(v)) return mkFloat(num(v));
  if (typeof v === 'string') {
    const f = parseFloatText(v);
    return f === undefined ? dflt : mkFloat(f);
  }
  return dflt;
}

/** Sort key comparison (Python ordering; strings lower-cased unless case sensitive). */
function sortKey(v: unknown, caseSensitive: boolean): unknown {
  return typeof v === 'string' && !caseSensitive ? v.toLowerCase() : v;
}

function order(a: unknown, b: unknown): number {
  if ((typeof a === 'string' && typeof b === 'string') || (typeof a === 'number' && typeof b === 'number'))
    return a < b ? -1 : a > b ? 1 : 0;
  return pyCompare('<', a, b) ? -1 : pyCompare('<', b, a) ? 1 : 0;
}

/** Stable sort like Python's `sorted(key=..., reverse=...)`. */
function sortedBy<T>(items: readonly T[], key: (v: T) => unknown, reverse: boolean): T[] {
  const keyed = items.map((v, i) => ({ v, k: key(v), i }));
  keyed.sort((x, y) => (reverse ? order(y.k, x.k) : order(x.k, y.k)) || x.i - y.i);
  return keyed.map((e) => e.v);
}

const attrKey = (attribute: unknown, caseSensitive: boolean) => (v: unknown) =>
  sortKey(attribute !== undefined && attribute !== null ? getAttr(v, attribute) : v, caseSensitive);

function extreme(value: unknown, args: unknown[], name: 'min' | 'max'): unknown {
  const b = bindArgs(name, ['case_sensitive', 'attribute'], args);
  const items = pyIterate(value);
  if (items.length === 0) return undefined;
  const key = attrKey(b.attribute, Boolean(b.case_sensitive));
  return items.reduce((best, v) => {
    const c = order(key(v), key(best));
    return (name === 'min' ? c < 0 : c > 0) ? v : best;
  });
}

function truncate(value: unknown, ...args: unknown[]): unknown {
  const b = bindArgs('truncate', ['length', 'killwords', 'end', 'leeway'], args);
  const length = Number(b.length ?? 255);
  const end = String(b.end ?? '...');
  const leeway = Number(b.leeway ?? 5);
  if (length < end.length)
    throw new PyCompatError('AssertionError', `expected length >= ${end.length}, got ${length}`);
  if (value === undefined) return '';
  const n = pyLen(value);
  if (n <= length + leeway) return value;
  const s = value as string;
  if (pyTruthy(b.killwords)) return s.slice(0, length - end.length) + end;
  const cut = s.slice(0, length - end.length);
  const sp = cut.lastIndexOf(' ');
  return (sp >= 0 ? cut.slice(0, sp) : cut) + end;
}

function indent(value: unknown, ...args: unknown[]): string {
  const b = bindArgs('indent', ['width', 'first', 'blank'], args);
  defined(value);
  if (typeof value !== 'string')
    throw new PyCompatError(
      'TypeError',
      `unsupported operand type(s) for +=: '${pyTypeName(value)}' and 'str'`,
    );
  const pad = typeof b.width === 'string' ? b.width : ' '.repeat(Number(b.width ?? 4));
  const lines = (str(`${value}\n`, 'splitlines') as string[]).slice();
  let rv: string;
  if (pyTruthy(b.blank)) rv = lines.join(`\n${pad}`);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += `\n${lines.map((l) => (l ? pad + l : l)).join('\n')}`;
  }
  return pyTruthy(b.first) ? pad + rv : rv;
}

function filesizeformat(value: unknown, ...args: unknown[]): string {
  const binary = pyTruthy(bindArgs('filesizeformat', ['binary'], args).binary);
  defined(value);
  const bytes = isNum(value) ? num(value) : typeof value === 'string' ? parseFloatText(value) : undefined;
  if (bytes === undefined) throw new PyCompatError('ValueError', 'could not convert value to float');
  const base = binary ? 1024 : 1000;
  const units = binary
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base ** 2;
  let i = 0;
  while (i < units.length - 1 && bytes >= unit) {
    i++;
    unit = base ** (i + 2);
  }
  return `${((base * bytes) / unit).toFixed(1)} ${units[i] ?? ''}`;
}

function roundFilter(value: unknown, ...args: unknown[]): unknown {
  const b = bindArgs('round', ['precision', 'method'], args);
  const precision = Number(b.precision ?? 0);
  const method = String(b.method ?? 'common');
  if (!['common', 'ceil', 'floor'].includes(method))
    throw new PyCompatError('FilterArgumentError', 'method must be common, ceil or floor');
  if (!isNum(value))
    throw new PyCompatError('TypeError', `type ${pyTypeName(value)} doesn't define __round__ method`);
  const x = num(value);
  if (method === 'common') {
    if (!isFloat(value)) return precision >= 0 ? x : roundHalfEven(x, precision);
    return mkFloat(roundHalfEven(x, precision));
  }
  const m = 10 ** precision;
  return mkFloat((method === 'ceil' ? Math.ceil(x * m) : Math.floor(x * m)) / m);
}

function sumFilter(value: unknown, ...args: unknown[]): unknown {
  const b = bindArgs('sum', ['attribute', 'start'], args);
  let acc: unknown = b.start ?? 0;
  for (const x of pyIterate(value))
    acc = pyAdd(acc, b.attribute !== undefined && b.attribute !== null ? getAttr(x, b.attribute) : x);
  return acc;
}

function escapeHtml(v: unknown): string {
  return pyStr(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] ?? c,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function striptags(v: unknown): string {
  const text = pyStr(v)
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<[^>]*>/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** Python `urllib.parse.quote` (UTF-8; `safe` characters kept). */
function urlQuote(v: unknown, forQs: boolean): string {
  const s = typeof v === 'string' ? v : pyStr(v);
  const safe = forQs ? '' : '/';
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c)
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQs ? out.replace(/%20/g, '+') : out;
}

function urlencode(v: unknown): string {
  if (typeof v === 'string' || !(Array.isArray(v) || isDict(v)))
    return v === undefined ? '' : urlQuote(v, false);
  const pairs = isDict(v) ? Object.entries(v) : (v as unknown[]).map((p) => pyUnpack(p, 2));
  return pairs.map(([k, val]) => `${urlQuote(k, true)}=${urlQuote(val, true)}`).join('&');
}

/** textwrap's chunks: whitespace runs and words, hyphenated words split after the hyphen. */
const WORDSEP =
  /(\s+|(?<=[\w!"'&.,?])-{2,}(?=\w)|\S+?(?:-(?:(?<=\p{L}{2}-)|(?<=\p{L}-\p{L}-))(?=\p{L}-?\p{L})|(?=\s|$)|(?<=[\w!"'&.,?])(?=-{2,}\w)))/u;

/** Python `textwrap.wrap` as Jinja's `wordwrap` calls it (tabs and newlines kept as they are). */
function wrapParagraph(text: string, width: number, breakLong: boolean, breakOnHyphens: boolean): string[] {
  if (width <= 0) throw new PyCompatError('ValueError', `invalid width ${width} (must be > 0)`);
  const chunks = text.split(breakOnHyphens ? WORDSEP : /(\s+)/u).filter((c) => c);
  chunks.reverse();
  const lines: string[] = [];
  const blank = (c: string | undefined) => c !== undefined && c.trim() === '';
  while (chunks.length) {
    const cur: string[] = [];
    let len = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = (chunks[chunks.length - 1] ?? '').length;
      if (len + l > width) break;
      cur.push(chunks.pop() ?? '');
      len += l;
    }
    const next = chunks[chunks.length - 1];
    if (next !== undefined && next.length > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLong) {
        let end = spaceLeft;
        if (breakOnHyphens && next.length > spaceLeft) {
          const hyphen = next.lastIndexOf('-', spaceLeft - 1);
          if (hyphen > 0 && /[^-]/.test(next.slice(0, hyphen))) end = hyphen + 1;
        }
        cur.push(next.slice(0, end));
        chunks[chunks.length - 1] = next.slice(end);
      } else if (cur.length === 0) cur.push(chunks.pop() ?? '');
    }
    if (cur.length && blank(cur[cur.length - 1])) cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}

function wordwrap(value: unknown, ...args: unknown[]): string {
  const b = bindArgs('wordwrap', ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], args);
  defined(value);
  if (typeof value !== 'string')
    throw new PyCompatError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'splitlines'`);
  const width = Number(b.width ?? 79);
  const sep = b.wrapstring === undefined || b.wrapstring === null ? '\n' : pyStr(b.wrapstring);
  const breakLong = b.break_long_words === undefined ? true : pyTruthy(b.break_long_words);
  const onHyphens = b.break_on_hyphens === undefined ? true : pyTruthy(b.break_on_hyphens);
  return (str(value, 'splitlines') as string[])
    .map((para) => wrapParagraph(para, width, breakLong, onHyphens).join(sep))
    .join(sep);
}

function xmlattr(value: unknown, ...args: unknown[]): string {
  const autospace = bindArgs('xmlattr', ['autospace'], args).autospace ?? true;
  defined(value);
  if (!isDict(value))
    throw new PyCompatError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'items'`);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (/[\s/>=]/.test(k))
      throw new PyCompatError('ValueError', `Invalid character in attribute name: ${pyRepr(k)}`);
    parts.push(`${escapeHtml(k)}="${escapeHtml(v)}"`);
  }
  const rv = parts.join(' ');
  return pyTruthy(autospace) && rv ? ` ${rv}` : rv;
}

function groupby(value: unknown, ...args: unknown[]): unknown[] {
  const b = bindArgs('groupby', ['attribute', 'default', 'case_sensitive'], args);
  const raw = (v: unknown) => {
    const got = getAttr(v, b.attribute);
    return got === undefined && b.default !== undefined ? b.default : got;
  };
  const key = (v: unknown) => sortKey(raw(v), Boolean(b.case_sensitive));
  const out: unknown[][] = [];
  for (const item of sortedBy(pyIterate(value), key, false)) {
    const last = out[out.length - 1];
    if (last && pyEq(key(last[1] ? (last[1] as unknown[])[0] : undefined), key(item)))
      (last[1] as unknown[]).push(item);
    else out.push(markTuple([raw(item), [item]]));
  }
  return out.map((g) => groupTuple(g));
}

/** Jinja's `_GroupTuple`: a tuple with `.grouper` and `.list`. */
function groupTuple(g: unknown[]): unknown[] {
  Object.defineProperties(g, { grouper: { value: g[0] }, list: { value: g[1] } });
  return g;
}

function dictsort(value: unknown, ...args: unknown[]): unknown[] {
  const b = bindArgs('dictsort', ['case_sensitive', 'by', 'reverse'], args);
  defined(value);
  if (!isDict(value))
    throw new PyCompatError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'items'`);
  const by = String(b.by ?? 'key');
  if (by !== 'key' && by !== 'value')
    throw new PyCompatError('FilterArgumentError', 'You can only sort by either "key" or "value"');
  const pos = by === 'key' ? 0 : 1;
  const pairs = Object.entries(value).map((p) => markTuple(p));
  return sortedBy(pairs, (p) => sortKey(p[pos], Boolean(b.case_sensitive)), pyTruthy(b.reverse));
}

function mapFilter(filters: () => Record<string, Filter>, value: unknown, args: unknown[]): unknown[] {
  const items = pyIterate(value);
  const { args: pos, kwargs } = splitKwargs(args);
  if (pos.length === 0 && 'attribute' in kwargs) {
    return items.map((v) => {
      const got = getAttr(v, kwargs.attribute);
      return got === undefined && 'default' in kwargs ? kwargs.default : got;
    });
  }
  const [name, ...rest] = args;
  const f = filters()[String(name)];
  if (!f) throw new PyCompatError('TemplateRuntimeError', `No filter named '${String(name)}'`);
  return items.map((v) => f(v, ...rest));
}

function selectBy(
  tests: TestLookup,
  value: unknown,
  args: unknown[],
  byAttr: boolean,
  keep: boolean,
): unknown[] {
  const [attr, testName, ...rest] = byAttr ? args : [undefined, ...args];
  const pick = (v: unknown): unknown => (byAttr ? getAttr(v, attr) : v);
  const test = testName === undefined ? undefined : tests(String(testName));
  if (testName !== undefined && !test)
    throw new PyCompatError('TemplateRuntimeError', `No test named '${String(testName)}'`);
  // Jinja yields nothing for a false value (`none | select` is empty).
  if (!pyTruthy(value)) return [];
  return pyIterate(value).filter((v) => (test ? test(pick(v), ...rest) : pyTruthy(pick(v))) === keep);
}

function batch(value: unknown, ...args: unknown[]): unknown[][] {
  const b = bindArgs('batch', ['linecount', 'fill_with'], args);
  const n = Number(b.linecount);
  const out: unknown[][] = [];
  let tmp: unknown[] = [];
  for (const item of pyIterate(value)) {
    if (tmp.length === n) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (b.fill_with !== undefined && b.fill_with !== null && tmp.length < n)
      while (tmp.length < n) tmp.push(b.fill_with);
    out.push(tmp);
  }
  return out;
}

function sliceFilter(value: unknown, ...args: unknown[]): unknown[][] {
  const b = bindArgs('slice', ['slices', 'fill_with'], args);
  const seq = pyIterate(value);
  const slices = Number(b.slices);
  const perSlice = Math.floor(seq.length / slices);
  const withExtra = seq.length % slices;
  let offset = 0;
  const out: unknown[][] = [];
  for (let i = 0; i < slices; i++) {
    const start = offset + i * perSlice;
    if (i < withExtra) offset += 1;
    const end = offset + (i + 1) * perSlice;
    const tmp = seq.slice(start, end);
    if (b.fill_with !== undefined && b.fill_with !== null && i >= withExtra) tmp.push(b.fill_with);
    out.push(tmp);
  }
  return out;
}

function pprint(v: unknown): string {
  if (v === undefined) return 'Undefined';
  const sortDicts = (x: unknown): unknown => {
    if (isDict(x))
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, sortDicts(x[k])]),
      );
    return Array.isArray(x) ? x.map(sortDicts) : x;
  };
  return pyRepr(sortDicts(v));
}

function first(v: unknown): unknown {
  return pyIterate(v)[0];
}

function last(v: unknown): unknown {
  if (v !== undefined && !(typeof v === 'string' || Array.isArray(v) || isDict(v)))
    throw new PyCompatError('TypeError', `'${pyTypeName(v)}' object is not reversible`);
  return pyIterate(v).at(-1);
}

function reverse(v: unknown): unknown {
  if (typeof v === 'string') return [...v].reverse().join('');
  try {
    return [...pyIterate(v)].reverse();
  } catch {
    throw new PyCompatError('FilterArgumentError', 'argument must be iterable');
  }
}

function unique(value: unknown, ...args: unknown[]): unknown[] {
  const b = bindArgs('unique', ['case_sensitive', 'attribute'], args);
  const key = attrKey(b.attribute, Boolean(b.case_sensitive));
  const out: unknown[] = [];
  const seen: unknown[] = [];
  for (const x of pyIterate(value)) {
    const k = key(x);
    if (seen.some((s) => pyEq(s, k))) continue;
    seen.push(k);
    out.push(x);
  }
  return out;
}

function absFilter(v: unknown): unknown {
  if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
  if (isNum(v)) return Math.abs(num(v));
  if (v instanceof PyTimedelta) return new PyTimedelta(Math.abs(v.us));
  throw new PyCompatError('TypeError', `bad operand type for abs(): '${pyTypeName(v)}'`);
}

function items(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (!isDict(v)) throw new PyCompatError('TypeError', 'Can only get item pairs from a mapping.');
  return Object.entries(v).map((p) => markTuple(p));
}

/** Builds the filter table. `tests` resolves test names for `select`/`reject`. */
export function buildFilters(tests: TestLookup): Record<string, Filter> {
  const s = (v: unknown): string => pyStr(v);
  const table: Record<string, Filter> = {
    abs: absFilter,
    // `getattr` only: a dict's keys are items, not attributes.
    attr: (v, name) => {
      defined(v);
      if (isDict(v)) return undefined;
      return memberLookup(v, name);
    },
    batch,
    capitalize: (v) => str(s(v), 'capitalize'),
    center: (v, ...a) => str(s(v), 'center', [bindArgs('center', ['width'], a).width ?? 80]),
    default: (v, ...a) => {
      const b = bindArgs('default', ['default_value', 'boolean'], a);
      return v === undefined || (pyTruthy(b.boolean) && !pyTruthy(v)) ? (b.default_value ?? '') : v;
    },
    dictsort,
    escape: escapeHtml,
    filesizeformat,
    first,
    float: toFloatFilter,
    forceescape: escapeHtml,
    format: (v, ...a) => {
      const { args, kwargs } = splitKwargs(a);
      return percentFormat(s(v), Object.keys(kwargs).length ? kwargs : markTuple(args));
    },
    groupby,
    indent,
    int: toIntFilter,
    items,
    join: (v, ...a) => {
      const b = bindArgs('join', ['d', 'attribute'], a);
      const vals = pyIterate(v).map((x) =>
        b.attribute !== undefined && b.attribute !== null ? getAttr(x, b.attribute) : x,
      );
      return vals.map(s).join(s(b.d ?? ''));
    },
    last,
    length: pyLen,
    list: (v) => [...pyIterate(v)],
    lower: (v) => s(v).toLowerCase(),
    map: (v, ...a) => mapFilter(() => table, v, a),
    max: (v, ...a) => extreme(v, a, 'max'),
    min: (v, ...a) => extreme(v, a, 'min'),
    pprint,
    random: (v) => {
      const seq = pyIterate(v);
      if (!seq.length) return undefined;
      return seq[Math.floor(Math.random() * seq.length)];
    },
    reject: (v, ...a) => selectBy(tests, v, a, false, false),
    rejectattr: (v, ...a) => selectBy(tests, v, a, true, false),
    replace: (v, ...a) => {
      const b = bindArgs('replace', ['old', 'new', 'count'], a);
      return str(s(v), 'replace', [s(b.old), s(b.new), b.count ?? -1]);
    },
    reverse,
    round: roundFilter,
    safe: s,
    select: (v, ...a) => selectBy(tests, v, a, false, true),
    selectattr: (v, ...a) => selectBy(tests, v, a, true, true),
    slice: sliceFilter,
    sort: (v, ...a) => {
      const b = bindArgs('sort', ['reverse', 'case_sensitive', 'attribute'], a);
      const attrs =
        b.attribute === undefined || b.attribute === null
          ? [undefined]
          : String(b.attribute)
              .split(',')
              .map((x) => x.trim());
      const key = (x: unknown) => {
        // Jinja compares a list of keys (equal undefined keys never reach `<`).
        return attrs.map((at) => attrKey(at, Boolean(b.case_sensitive))(x));
      };
      return sortedBy(pyIterate(v), key, pyTruthy(b.reverse));
    },
    string: s,
    striptags,
    sum: sumFilter,
    title: (v) =>
      s(v)
        .split(/([-\s({[<]+)/)
        .filter(Boolean)
        .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1).toLowerCase())
        .join(''),
    tojson: (v, ...a) =>
      pyJsonDumps(v, {
        sortKeys: true,
        htmlSafe: true,
        strict: true,
        indent: (bindArgs('tojson', ['indent'], a).indent as number | undefined) ?? null,
      }),
    trim: (v, ...a) => str(s(v), 'strip', [bindArgs('trim', ['chars'], a).chars ?? null]),
    truncate,
    unique,
    upper: (v) => s(v).toUpperCase(),
    urlencode,
    wordcount: (v) => (s(v).match(/\w+/gu) ?? []).length,
    wordwrap,
    xmlattr,
  };
  table.d = table.default as Filter;
  table.e = table.escape as Filter;
  table.count = table.length as Filter;
  return table;
}
