/**
 * Python value semantics for JS values seen by templates: `str()`, `repr()`,
 * truthiness and keyword-argument unpacking.
 */
import { PyCompatError } from '../errors';
import { PyFloat, floatStr, numStr } from './number';

/** A plain JSON-like map (Python dict); class instances are not dicts. */
export type PyDict = Record<string, unknown>;

/** True for plain objects (object literals, JSON.parse output, null-prototype maps). */
export function isDict(value: unknown): value is PyDict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // Realm-independent: a root prototype (any realm's Object.prototype) or none.
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Marker nunjucks puts on the trailing object of a call that used `name=value` arguments. */
const KW_MARK = '__keywords';

/** Splits nunjucks call arguments into positional arguments and Python keyword arguments. */
export function splitKwargs(args: readonly unknown[]): { args: unknown[]; kwargs: PyDict } {
  const last = args[args.length - 1];
  if (isDict(last) && last[KW_MARK] === true) {
    const kwargs: PyDict = { ...last };
    delete kwargs[KW_MARK];
    return { args: args.slice(0, -1), kwargs };
  }
  return { args: [...args], kwargs: {} };
}

/**
 * Binds positional and keyword arguments to parameter names like a Python signature.
 * Unknown keywords raise a `TypeError`, as Python does.
 */
export function bindArgs(
  fname: string,
  names: readonly string[],
  raw: readonly unknown[],
): Record<string, unknown> {
  const { args, kwargs } = splitKwargs(raw);
  if (args.length > names.length)
    throw new PyCompatError('TypeError', `${fname}() takes at most ${names.length} arguments`);
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => {
    if (i < args.length) out[n] = args[i];
  });
  for (const [k, v] of Object.entries(kwargs)) {
    if (!names.includes(k))
      throw new PyCompatError('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
    out[k] = v;
  }
  return out;
}

const TUPLE = Symbol('lava.templating.tuple');

/** Marks an array as a Python tuple (prints `(1, 2)`); copies of it are lists again. */
export function markTuple<T extends unknown[]>(items: T): T {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

/** True for arrays made by {@link markTuple}. */
export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

/** Python's type name of a value, for error messages (`'int'`, `'str'`, `'NoneType'`). */
export function pyTypeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'list';
  if (isDict(value)) return 'dict';
  const name = (value as object).constructor?.name ?? 'object';
  return name.startsWith('Py') ? name.slice(2).toLowerCase() : name;
}

/** Python truthiness: empty containers and zero are false; undefined is false. */
export function pyTruthy(value: unknown): boolean {
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { __bool__?: unknown }).__bool__ === 'function'
  ) {
    return Boolean((value as { __bool__: () => unknown }).__bool__());
  }
  return Boolean(value);
}

/** Python `str()` of a float/int held in a JS number. */
export function pyNumStr(n: number): string {
  return numStr(n);
}

/** Python `repr()` of a string: single quotes unless the text holds one and no double quote. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (q === "'") body = body.replace(/'/g, "\\'");
  return `${q}${body}${q}`;
}

/** Python `repr()` (used for containers, whose items render with repr). */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pyStrRepr(value);
  if (value === undefined) return 'Undefined';
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { __repr__?: unknown }).__repr__ === 'function'
  ) {
    return String((value as { __repr__: () => unknown }).__repr__());
  }
  return pyStr(value);
}

/** Python `str()`, which is what `{{ value }}` prints in Jinja. `undefined` prints nothing. */
export function pyStr(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return '';
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pyNumStr(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return `<function ${value.name || 'anonymous'}>`;
    default:
      return objectStr(value as object | null | symbol);
  }
}

function objectStr(value: object | null | symbol): string {
  if (value === null) return 'None';
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) {
    const own = (value as { __repr__?: () => string }).__repr__;
    if (Object.prototype.hasOwnProperty.call(value, '__repr__') && typeof own === 'function') return own();
    const body = value.map(pyRepr).join(', ');
    if (!isTuple(value)) return `[${body}]`;
    return value.length === 1 ? `(${body},)` : `(${body})`;
  }
  if (value instanceof PyFloat) return floatStr(value.value);
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
