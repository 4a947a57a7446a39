/**
 * Python operator semantics for the compiled templates (nunjucks has no operator
 * overloading): datetime/timedelta/relativedelta arithmetic, string/list repetition,
 * `%` formatting, Python modulo and value equality.
 */
import { PyCompatError } from '../errors';
import { PyDate } from './date';
import { PyDatetime } from './datetime';
import { percentFormat } from './format';
import { PyRelativedelta } from './relativedelta';
import { PyTimedelta } from './timedelta';
import { isDict } from './values';

type Dunder = { __add__?: (o: unknown) => unknown; __sub__?: (o: unknown) => unknown };

function dunder(a: unknown, name: keyof Dunder, b: unknown): unknown {
  const fn = a !== null && typeof a === 'object' ? (a as Dunder)[name] : undefined;
  return typeof fn === 'function' ? fn.call(a, b) : undefined;
}

const isDateLike = (v: unknown): v is PyDate | PyDatetime => v instanceof PyDate || v instanceof PyDatetime;

/** `a + b`. */
export function pyAdd(a: unknown, b: unknown): unknown {
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.us + b.us);
  if (isDateLike(a) && b instanceof PyRelativedelta) return b.apply(a, 1);
  if (a instanceof PyRelativedelta && isDateLike(b)) return a.apply(b, 1);
  if (a instanceof PyTimedelta && isDateLike(b)) return b.__add__(a);
  const viaDunder = dunder(a, '__add__', b);
  if (viaDunder !== undefined) return viaDunder;
  if (Array.isArray(a) && Array.isArray(b)) return [...(a as unknown[]), ...(b as unknown[])];
  return (a as number) + (b as number);
}

/** `a - b`. */
export function pySub(a: unknown, b: unknown): unknown {
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.us - b.us);
  if (isDateLike(a) && b instanceof PyRelativedelta) return b.apply(a, -1);
  const viaDunder = dunder(a, '__sub__', b);
  if (viaDunder !== undefined) return viaDunder;
  if (isDateLike(a) || a instanceof PyTimedelta)
    throw new PyCompatError('TypeError', 'unsupported operand type(s) for -');
  return (a as number) - (b as number);
}

/** `a * b`: timedelta scaling, string and list repetition. */
export function pyMul(a: unknown, b: unknown): unknown {
  if (a instanceof PyTimedelta && typeof b === 'number') return new PyTimedelta(a.us * b);
  if (b instanceof PyTimedelta && typeof a === 'number') return new PyTimedelta(b.us * a);
  const [seq, n] = typeof b === 'number' ? [a, b] : [b, a];
  if (typeof n === 'number' && Number.isInteger(n)) {
    if (typeof seq === 'string') return seq.repeat(Math.max(0, n));
    if (Array.isArray(seq)) return Array.from({ length: Math.max(0, n) }, () => seq as unknown[]).flat();
  }
  return (a as number) * (b as number);
}

/** `a % b`: string formatting for strings, floored modulo for numbers. */
export function pyMod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw new PyCompatError('ZeroDivisionError', 'integer division or modulo by zero');
    return ((a % b) + b) % b;
  }
  return (a as number) % (b as number);
}

/** `a == b` with Python value equality (deep for lists and dicts, `True == 1`). */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const eq = a !== null && typeof a === 'object' ? (a as { __eq__?: unknown }).__eq__ : undefined;
  if (typeof eq === 'function') return Boolean(eq.call(a, b));
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean'))
    return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEq(a[k], b[k]));
  }
  return false;
}
