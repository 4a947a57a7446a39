/**
 * Python operator semantics for the compiled templates (nunjucks has no operator
 * overloading): int/float arithmetic that raises where Python raises (`'a' + 1`,
 * `none + 1`, `7 / 0`), datetime/timedelta/relativedelta arithmetic, string and list
 * repetition, `%` formatting, comparisons, value equality and Jinja's undefined rules.
 */
import { PyCompatError, UndefinedAccessError } from '../errors';
import { PyDate, PyTime } from './date';
import { PyDatetime } from './datetime';
import { percentFormat } from './format';
import { PyFloat, isFloat, isInt, isNum, mkFloat, num } from './number';
import { PyRelativedelta } from './relativedelta';
import { PyTimedelta } from './timedelta';
import { isDict, isTuple, markTuple, pyTypeName } from './values';

type Dunder = { __add__?: (o: unknown) => unknown; __sub__?: (o: unknown) => unknown };

function dunder(a: unknown, name: keyof Dunder, b: unknown): unknown {
  const fn = a !== null && typeof a === 'object' ? (a as Dunder)[name] : undefined;
  return typeof fn === 'function' ? fn.call(a, b) : undefined;
}

const isDateLike = (v: unknown): v is PyDate | PyDatetime => v instanceof PyDate || v instanceof PyDatetime;

/** Jinja's default `Undefined` raises on arithmetic. */
function checkDefined(...values: unknown[]): void {
  if (values.includes(undefined)) throw new UndefinedAccessError('value');
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyCompatError(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

/** Result of int/float arithmetic: a float when either operand is one. */
function arith(a: number | boolean | PyFloat, b: number | boolean | PyFloat, r: number): number | PyFloat {
  return isFloat(a) || isFloat(b) || !Number.isFinite(r) ? mkFloat(r) : r;
}

function zeroCheck(b: number): void {
  if (b === 0) throw new PyCompatError('ZeroDivisionError', 'division by zero');
}

/** `a + b`. */
export function pyAdd(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return arith(a, b, num(a) + num(b));
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const out = [...(a as unknown[]), ...(b as unknown[])];
    return isTuple(a) ? markTuple(out) : out;
  }
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.us + b.us);
  if (isDateLike(a) && b instanceof PyRelativedelta) return b.apply(a, 1);
  if (a instanceof PyRelativedelta && isDateLike(b)) return a.apply(b, 1);
  if (a instanceof PyTimedelta && isDateLike(b)) return b.__add__(a);
  const viaDunder = dunder(a, '__add__', b);
  if (viaDunder !== undefined) return viaDunder;
  return unsupported('+', a, b);
}

/** `a - b`. */
export function pySub(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return arith(a, b, num(a) - num(b));
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.us - b.us);
  if (isDateLike(a) && b instanceof PyRelativedelta) return b.apply(a, -1);
  if (a instanceof PyDatetime && b instanceof PyDatetime && Boolean(a.tzinfo) !== Boolean(b.tzinfo))
    throw new PyCompatError('TypeError', "can't subtract offset-naive and offset-aware datetimes");
  if (isDateLike(a) && isDateLike(b) && a.constructor !== b.constructor) unsupported('-', a, b);
  const viaDunder = dunder(a, '__sub__', b);
  if (viaDunder !== undefined) return viaDunder;
  return unsupported('-', a, b);
}

function repeat(seq: unknown, n: unknown): unknown {
  if (!(typeof n === 'number' && Number.isInteger(n)) && typeof n !== 'boolean')
    throw new PyCompatError('TypeError', `can't multiply sequence by non-int of type '${pyTypeName(n)}'`);
  const times = Math.max(0, num(n));
  if (typeof seq === 'string') return seq.repeat(times);
  const out = Array.from({ length: times }, () => seq as unknown[]).flat();
  return isTuple(seq) ? markTuple(out) : out;
}

/** `a * b`: numbers, timedelta scaling, string and list repetition. */
export function pyMul(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) return arith(a, b, num(a) * num(b));
  if (typeof a === 'string' || Array.isArray(a)) if (isNum(b)) return repeat(a, b);
  if (typeof b === 'string' || Array.isArray(b)) if (isNum(a)) return repeat(b, a);
  if (a instanceof PyTimedelta && isNum(b)) return new PyTimedelta(a.us * num(b));
  if (b instanceof PyTimedelta && isNum(a)) return new PyTimedelta(b.us * num(a));
  return unsupported('*', a, b);
}

/** `a / b`: always a float for numbers. */
export function pyDiv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) {
    zeroCheck(num(b));
    return mkFloat(num(a) / num(b));
  }
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) {
    zeroCheck(b.us);
    return mkFloat(a.us / b.us);
  }
  if (a instanceof PyTimedelta && isNum(b)) {
    zeroCheck(num(b));
    return new PyTimedelta(a.us / num(b));
  }
  return unsupported('/', a, b);
}

/** `a // b`: floored; an int for two ints. */
export function pyFloorDiv(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) {
    zeroCheck(num(b));
    return arith(a, b, Math.floor(num(a) / num(b)));
  }
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) {
    zeroCheck(b.us);
    return Math.floor(a.us / b.us);
  }
  if (a instanceof PyTimedelta && isInt(b)) {
    zeroCheck(b);
    return new PyTimedelta(Math.floor(a.us / b));
  }
  return unsupported('//', a, b);
}

/** `a % b`: string formatting for strings, floored modulo for numbers. */
export function pyMod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  checkDefined(a, b);
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    zeroCheck(y);
    const r = x % y;
    return arith(a, b, r !== 0 && r < 0 !== y < 0 ? r + y : r);
  }
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) {
    zeroCheck(b.us);
    return new PyTimedelta(((a.us % b.us) + b.us) % b.us);
  }
  return unsupported('%', a, b);
}

/** `a ** b`. */
export function pyPow(a: unknown, b: unknown): unknown {
  checkDefined(a, b);
  if (!isNum(a) || !isNum(b)) return unsupported('** or pow()', a, b);
  const x = num(a);
  const y = num(b);
  if (x === 0 && y < 0)
    throw new PyCompatError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  const r = x ** y;
  return isFloat(a) || isFloat(b) || y < 0 ? mkFloat(r) : r;
}

/** Unary `-`. */
export function pyNeg(a: unknown): unknown {
  checkDefined(a);
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (isNum(a)) return -num(a);
  if (a instanceof PyTimedelta) return new PyTimedelta(-a.us);
  throw new PyCompatError('TypeError', `bad operand type for unary -: '${pyTypeName(a)}'`);
}

/** Unary `+`. */
export function pyPos(a: unknown): unknown {
  checkDefined(a);
  if (typeof a === 'boolean') return num(a);
  if (isNum(a) || a instanceof PyTimedelta) return a;
  throw new PyCompatError('TypeError', `bad operand type for unary +: '${pyTypeName(a)}'`);
}

/** `a == b` with Python value equality (deep for lists and dicts, `True == 1`, `1 == 1.0`). */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNum(a) && isNum(b)) return num(a) === num(b);
  const eq = a !== null && typeof a === 'object' ? (a as { __eq__?: unknown }).__eq__ : undefined;
  if (typeof eq === 'function') return Boolean(eq.call(a, b));
  if (Array.isArray(a) && Array.isArray(b))
    return isTuple(a) === isTuple(b) && a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEq(a[k], b[k]));
  }
  return false;
}

/** -1, 0 or 1 for values Python can order; throws a TypeError otherwise. */
function order(op: string, a: unknown, b: unknown): number {
  checkDefined(a, b);
  const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  if (isNum(a) && isNum(b)) return cmp(num(a), num(b));
  if (typeof a === 'string' && typeof b === 'string') return cmp(a, b);
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return order(op, a[i], b[i]);
    }
    return cmp(a.length, b.length);
  }
  if (a instanceof PyDatetime && b instanceof PyDatetime) {
    if (Boolean(a.tzinfo) !== Boolean(b.tzinfo))
      throw new PyCompatError('TypeError', "can't compare offset-naive and offset-aware datetimes");
    return cmp(a.valueOf(), b.valueOf());
  }
  const sameKind =
    (a instanceof PyDate && b instanceof PyDate && a.constructor === b.constructor) ||
    (a instanceof PyTimedelta && b instanceof PyTimedelta) ||
    (a instanceof PyTime && b instanceof PyTime);
  if (sameKind) return cmp(Number(a), Number(b));
  throw new PyCompatError(
    'TypeError',
    `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

/** Comparison operators (`==`, `!=`, `<`, `<=`, `>`, `>=`). */
export function pyCompare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEq(a, b);
    case '!=':
      return !pyEq(a, b);
    case '<':
      return order(op, a, b) < 0;
    case '<=':
      return order(op, a, b) <= 0;
    case '>':
      return order(op, a, b) > 0;
    case '>=':
      return order(op, a, b) >= 0;
    default:
      throw new PyCompatError('TypeError', `unknown comparison '${op}'`);
  }
}
