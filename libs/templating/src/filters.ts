/**
 * Jinja filters that nunjucks lacks or implements differently. Registered on top of the
 * nunjucks built-ins; each accepts Python keyword arguments (`map(attribute='x')`).
 */
import { PyCompatError } from './errors';
import { percentFormat } from './py/format';
import { pyJsonDumps } from './py/json';
import { pyEq } from './py/operators';
import { STR_METHODS } from './py/str-methods';
import { bindArgs, isDict, pyStr, pyTruthy } from './py/values';
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
      (v, part) =>
        v === undefined || v === null ? undefined : memberLookup(v, /^\d+$/.test(part) ? Number(part) : part),
      value,
    );
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  return [value];
}

function toInt(value: unknown, def: unknown, base: number): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : def;
  if (typeof value !== 'string') return def;
  const s = value.trim().replace(/_/g, '');
  const pref =
    base === 16
      ? /^[+-]?(0x)?[0-9a-f]+$/i
      : base === 8
        ? /^[+-]?(0o)?[0-7]+$/i
        : base === 2
          ? /^[+-]?(0b)?[01]+$/i
          : /^[+-]?\d+$/;
  if (pref.test(s)) return parseInt(s.replace(/^([+-]?)0[xob]/i, '$1'), base);
  const f = Number(s);
  return s !== '' && Number.isFinite(f) ? Math.trunc(f) : def;
}

function toFloat(value: unknown, def: unknown): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const f = typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(/_/g, '')) : NaN;
  return Number.isNaN(f) && !/^\s*[+-]?nan\s*$/i.test(String(value)) ? def : f;
}

function cmpKey(v: unknown, caseSensitive: boolean): unknown {
  return typeof v === 'string' && !caseSensitive ? v.toLowerCase() : v;
}

function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function sortFilter(value: unknown, ...args: unknown[]): unknown[] {
  const b = bindArgs('sort', ['reverse', 'case_sensitive', 'attribute'], args);
  const key = (v: unknown): unknown =>
    cmpKey(
      b.attribute !== undefined && b.attribute !== null ? getAttr(v, b.attribute) : v,
      Boolean(b.case_sensitive),
    );
  const out = [...toList(value)].sort((x, y) => compare(key(x), key(y)));
  return b.reverse ? out.reverse() : out;
}

function extreme(value: unknown, args: unknown[], sign: 1 | -1): unknown {
  const b = bindArgs('min', ['case_sensitive', 'attribute'], args);
  const items = toList(value);
  const key = (v: unknown): unknown =>
    cmpKey(b.attribute !== undefined ? getAttr(v, b.attribute) : v, Boolean(b.case_sensitive));
  return items.reduce<unknown>(
    (best, v) => (best === undefined || sign * compare(key(v), key(best)) < 0 ? v : best),
    undefined,
  );
}

function mapFilter(filters: () => Record<string, Filter>, value: unknown, args: unknown[]): unknown[] {
  const items = toList(value);
  const last = args[args.length - 1];
  if (isDict(last) && last.__keywords === true && 'attribute' in last) {
    return items.map((v) => {
      const got = getAttr(v, last.attribute);
      return got === undefined && 'default' in last ? last.default : got;
    });
  }
  const [name, ...rest] = args;
  const f = filters()[String(name)];
  if (!f) throw new PyCompatError('FilterArgumentError', `No filter named '${String(name)}'`);
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
  return toList(value).filter((v) => (test ? test(pick(v), ...rest) : pyTruthy(pick(v))) === keep);
}

function truncate(value: unknown, ...args: unknown[]): string {
  const b = bindArgs('truncate', ['length', 'killwords', 'end', 'leeway'], args);
  const s = pyStr(value);
  const length = Number(b.length ?? 255);
  const end = String(b.end ?? '...');
  const leeway = Number(b.leeway ?? 5);
  if (s.length <= length + leeway) return s;
  if (b.killwords) return s.slice(0, length - end.length) + end;
  const cut = s.slice(0, length - end.length);
  return cut.replace(/\s*\S*$/, '').replace(/\s+$/, '') + end;
}

function indent(value: unknown, ...args: unknown[]): string {
  const b = bindArgs('indent', ['width', 'first', 'blank'], args);
  const pad = typeof b.width === 'string' ? b.width : ' '.repeat(Number(b.width ?? 4));
  const lines = pyStr(value).split('\n');
  return lines
    .map((l, i) => ((i === 0 && !b.first) || (!b.blank && l.trim() === '') ? l : pad + l))
    .join('\n');
}

function filesizeformat(value: unknown, binary?: unknown): string {
  const bytes = Number(value);
  const base = binary ? 1024 : 1000;
  const units = binary
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${bytes} Bytes`;
  let i = 0;
  while (i < units.length - 1 && bytes >= base ** (i + 2)) i++;
  return `${(bytes / base ** (i + 1)).toFixed(1)} ${units[i] ?? ''}`;
}

function roundFilter(value: unknown, ...args: unknown[]): number {
  const b = bindArgs('round', ['precision', 'method'], args);
  const p = 10 ** Number(b.precision ?? 0);
  const n = Number(value) * p;
  const method = String(b.method ?? 'common');
  const r =
    method === 'ceil'
      ? Math.ceil(n)
      : method === 'floor'
        ? Math.floor(n)
        : Math.sign(n) * Math.round(Math.abs(n));
  return r / p;
}

/** Builds the filter table. `tests` resolves test names for `select`/`reject`. */
export function buildFilters(tests: TestLookup): Record<string, Filter> {
  const table: Record<string, Filter> = {
    tojson: (v, ...a) =>
      pyJsonDumps(v, {
        sortKeys: true,
        htmlSafe: true,
        indent: (bindArgs('tojson', ['indent'], a).indent as number | undefined) ?? null,
      }),
    bool: (v) =>
      typeof v === 'string'
        ? ['true', 'yes', 'on', '1', 'y', 't'].includes(v.trim().toLowerCase())
        : pyTruthy(v),
    int: (v, ...a) => {
      const b = bindArgs('int', ['default', 'base'], a);
      return toInt(v, b.default ?? 0, Number(b.base ?? 10));
    },
    float: (v, ...a) => toFloat(v, bindArgs('float', ['default'], a).default ?? 0),
    string: (v) => pyStr(v),
    items: (v) =>
      v === undefined
        ? []
        : isDict(v)
          ? Object.entries(v)
          : (() => {
              throw new PyCompatError('TypeError', 'items filter requires a mapping');
            })(),
    list: (v) => [...toList(v)],
    default: (v, ...a) => {
      const b = bindArgs('default', ['default_value', 'boolean'], a);
      const dflt = b.default_value ?? '';
      return v === undefined || (b.boolean && !pyTruthy(v)) ? dflt : v;
    },
    join: (v, ...a) => {
      const b = bindArgs('join', ['d', 'attribute'], a);
      const items = toList(v).map((x) =>
        b.attribute !== undefined && b.attribute !== null ? getAttr(x, b.attribute) : x,
      );
      return items.map(pyStr).join(pyStr(b.d ?? ''));
    },
    map: (v, ...a) => mapFilter(() => table, v, a),
    select: (v, ...a) => selectBy(tests, v, a, false, true),
    reject: (v, ...a) => selectBy(tests, v, a, false, false),
    selectattr: (v, ...a) => selectBy(tests, v, a, true, true),
    rejectattr: (v, ...a) => selectBy(tests, v, a, true, false),
    attr: (v, name) => getAttr(v, name),
    sort: sortFilter,
    unique: (v, ...a) => {
      const b = bindArgs('unique', ['case_sensitive', 'attribute'], a);
      const out: unknown[] = [];
      const seen: unknown[] = [];
      for (const x of toList(v)) {
        const k = cmpKey(b.attribute !== undefined ? getAttr(x, b.attribute) : x, Boolean(b.case_sensitive));
        if (seen.some((s) => pyEq(s, k))) continue;
        seen.push(k);
        out.push(x);
      }
      return out;
    },
    min: (v, ...a) => extreme(v, a, 1),
    max: (v, ...a) => extreme(v, a, -1),
    sum: (v, ...a) => {
      const b = bindArgs('sum', ['attribute', 'start'], a);
      return toList(v).reduce<number>(
        (acc, x) =>
          acc + Number(b.attribute !== undefined && b.attribute !== null ? getAttr(x, b.attribute) : x),
        Number(b.start ?? 0),
      );
    },
    length: (v) => (v === undefined ? 0 : isDict(v) ? Object.keys(v).length : toList(v).length),
    first: (v) => toList(v)[0],
    last: (v) => toList(v).at(-1),
    reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...toList(v)].reverse()),
    lower: (v) => pyStr(v).toLowerCase(),
    upper: (v) => pyStr(v).toUpperCase(),
    title: (v) => STR_METHODS.title?.(pyStr(v), []),
    capitalize: (v) => STR_METHODS.capitalize?.(pyStr(v), []),
    trim: (v, chars) => STR_METHODS.strip?.(pyStr(v), [chars]),
    replace: (v, ...a) => STR_METHODS.replace?.(pyStr(v), a),
    center: (v, width) => STR_METHODS.center?.(pyStr(v), [width ?? 80]),
    format: (v, ...a) =>
      percentFormat(pyStr(v), a.length === 1 && isDict(a[0]) ? { ...(a[0] as object) } : a),
    wordcount: (v) => (pyStr(v).match(/\w+/g) ?? []).length,
    truncate,
    indent,
    filesizeformat,
    round: roundFilter,
    abs: (v) => Math.abs(Number(v)),
    pprint: (v) => pyStr(v),
  };
  table.d = table.default as Filter;
  table.count = table.length as Filter;
  return table;
}
