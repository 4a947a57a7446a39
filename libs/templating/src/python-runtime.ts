/**
 * The nunjucks runtime that compiled templates run against, with Python/Jinja semantics:
 * attribute lookup that exposes Python methods, negative indexes, Jinja's undefined rules,
 * `str()` output, truthiness and the operators used by the compiler patch.
 */
import nunjucks from 'nunjucks';
import { PyCompatError, TemplatingError, UndefinedAccessError } from './errors';
import { DICT_METHODS, LIST_METHODS } from './py/collection-methods';
import { PyLoop, pyIterate, pySetAttr, pyUnpack } from './py/loop';
import { mkFloat } from './py/number';
import {
  pyAdd,
  pyCompare,
  pyDiv,
  pyEq,
  pyFloorDiv,
  pyMod,
  pyMul,
  pyNeg,
  pyPos,
  pyPow,
  pySub,
} from './py/operators';
import { STR_METHODS } from './py/str-methods';
import { UNMETERED, type MeterSlot, type RenderMeter } from './render-budget';
import { isDict, pyStr, pyTruthy, pyTypeName } from './py/values';

/** Names that would expose JS internals (prototype pollution, `constructor` escapes). */
const BLOCKED = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const has = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

function index(len: number, key: unknown): number | undefined {
  const n =
    typeof key === 'number' ? key : typeof key === 'string' && /^-?\d+$/.test(key) ? Number(key) : undefined;
  if (n === undefined || !Number.isInteger(n)) return undefined;
  return n < 0 ? len + n : n;
}

function lookupString(s: string, key: unknown): unknown {
  const method = typeof key === 'string' && has(STR_METHODS, key) ? STR_METHODS[key] : undefined;
  if (method) return (...args: unknown[]) => method(s, args);
  const i = index(s.length, key);
  return i !== undefined && i >= 0 && i < s.length ? s.charAt(i) : undefined;
}

function lookupList(l: unknown[], key: unknown): unknown {
  const method = typeof key === 'string' && has(LIST_METHODS, key) ? LIST_METHODS[key] : undefined;
  if (method) return (...args: unknown[]) => method(l, args);
  const i = index(l.length, key);
  if (i !== undefined) return i >= 0 ? l[i] : undefined;
  // Named fields of tuples (`group.grouper`, `group.list`).
  return typeof key === 'string' && key !== 'length' && has(l, key)
    ? (l as unknown as Record<string, unknown>)[key]
    : undefined;
}

function lookupDict(d: Record<string, unknown>, key: string): unknown {
  if (has(d, key)) return d[key];
  const method = has(DICT_METHODS, key) ? DICT_METHODS[key] : undefined;
  return method ? (...args: unknown[]) => method(d, args) : undefined;
}

function lookupObject(obj: object, key: string): unknown {
  const value = (obj as Record<string, unknown>)[key];
  // Static members (`utils.datetime.now`) are taken as they are; methods are bound to their object.
  if (typeof value === 'function' && typeof obj !== 'function')
    return (value as (...a: unknown[]) => unknown).bind(obj);
  return value;
}

/** Jinja attribute/item lookup (`a.b` and `a[b]`). */
export function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj === undefined) throw new UndefinedAccessError(String(key));
  if (obj === null || (typeof key === 'string' && BLOCKED.has(key))) return undefined;
  if (typeof obj === 'string') return lookupString(obj, key);
  if (Array.isArray(obj)) return lookupList(obj, key);
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  const k = String(key);
  if (isDict(obj)) return lookupDict(obj, k);
  return lookupObject(obj, k);
}

function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function') {
    throw new Error(fn === undefined ? `'${name}' is undefined` : `'${name}' is not callable`);
  }
  return (fn as (...a: unknown[]) => unknown).apply(context, args);
}

/** Python `needle in haystack`. */
export function inOperator(needle: unknown, haystack: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((x) => pyEq(x, needle));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string')
      throw new PyCompatError(
        'TypeError',
        `'in <string>' requires string as left operand, not ${pyTypeName(needle)}`,
      );
    return haystack.includes(needle);
  }
  if (isDict(haystack)) return typeof needle === 'string' && has(haystack, needle);
  if (haystack === undefined) return false;
  throw new PyCompatError('TypeError', `argument of type '${pyTypeName(haystack)}' is not iterable`);
}

/** Python iteration: dicts iterate over their keys. */
function fromIterator(value: unknown): unknown {
  if (isDict(value)) return Object.keys(value);
  return (nunjucks.runtime as unknown as { fromIterator: (v: unknown) => unknown }).fromIterator(value);
}

/**
 * nunjucks' wrapper for an error thrown while rendering (its `TemplateError` reads the
 * cause's `stack`, and formatting a stack costs about a millisecond with source maps on; a
 * template that fails at every run would pay it each time). Same fields, no stack reads.
 */
class RenderFailureError extends TemplatingError {
  override readonly code = 'TEMPLATE_RENDER_FAILED';
  firstUpdate = true;
  constructor(
    cause: Error,
    readonly lineno: number,
    readonly colno: number,
  ) {
    super(`${cause.name}: ${cause.message}`, { cause });
  }
  /** nunjucks calls this to prefix the template path; the renderer reports its own context. */
  Update(): this {
    return this;
  }
}

function handleError(error: unknown, lineno: number, colno: number): unknown {
  if ((error as { lineno?: unknown } | null)?.lineno) return error;
  return new RenderFailureError(error instanceof Error ? error : new Error(String(error)), lineno, colno);
}

/** `seq * n` would build this many characters or items (checked before building them). */
function repeatSize(a: unknown, b: unknown): { kind: 'chars' | 'items'; size: number } | undefined {
  const [seq, n] = typeof b === 'number' ? [a, b] : [b, a];
  if (typeof n !== 'number') return undefined;
  if (typeof seq === 'string') return { kind: 'chars', size: seq.length * Math.max(0, n) };
  if (Array.isArray(seq)) return { kind: 'items', size: seq.length * Math.max(0, n) };
  return undefined;
}

/** The runtime members that meter a render (see render-budget.ts). */
function meteredMembers(slot: MeterSlot): object {
  const m = (): RenderMeter => slot.current;
  return {
    pyTick: () => m().tick(),
    pyAppend: (buffer: string, text: string) => {
      m().chars(buffer.length + text.length);
      return buffer + text;
    },
    pyConcat: (a: unknown, b: unknown) => m().sized(pyStr(a) + pyStr(b)),
    pyMod: (a: unknown, b: unknown) => m().sized(pyMod(a, b)),
    pyAdd: (a: unknown, b: unknown) => m().sized(pyAdd(a, b)),
    pyMul: (a: unknown, b: unknown) => {
      const planned = repeatSize(a, b);
      if (planned) m()[planned.kind](planned.size);
      return pyMul(a, b);
    },
    callWrap: (fn: unknown, name: string, context: unknown, args: unknown[]) => {
      m().tick();
      return m().sized(callWrap(fn, name, context, args));
    },
  };
}

/**
 * Builds the runtime object. It inherits everything else (frames, macros, errors) from
 * nunjucks' own runtime; `py*` members are what the compiler patch emits calls to. The
 * slot holds the meter of the render in progress (none by default).
 */
export function createPythonRuntime(slot: MeterSlot = { current: UNMETERED }): object {
  return Object.assign(Object.create(nunjucks.runtime) as object, {
    memberLookup,
    handleError,
    inOperator,
    fromIterator,
    suppressValue: (value: unknown) => pyStr(value),
    pyTruthy,
    pyStr,
    pySub,
    pyDiv,
    pyFloorDiv,
    pyPow,
    pyNeg,
    pyPos,
    pyEq,
    pyCompare,
    pyFloat: mkFloat,
    pyIterate,
    pyUnpack,
    pySetAttr,
    pyLoop: (items: unknown[]) => new PyLoop(items),
    ...meteredMembers(slot),
  });
}
