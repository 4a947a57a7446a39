/**
 * Python's int/float distinction on JS numbers. A JS number that is an integer is a Python
 * `int`; a non-integral number is a `float`. A float that happens to be integral (`10 / 5`,
 * `2.0`, `2.5 | round`) is boxed in {@link PyFloat} so it prints as Python prints it (`2.0`).
 */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatStr(this.value);
  }
  __repr__(): string {
    return floatStr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

/** A float result: boxed when integral, so it keeps printing as a float. */
export function mkFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** True for Python numbers: ints, floats and bools (bool is an int subclass). */
export function isNum(v: unknown): v is number | boolean | PyFloat {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** True for Python floats. */
export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** True for Python ints (not bools). */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** The JS number of a Python number (bools are 0/1). */
export function num(v: number | boolean | PyFloat): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v.value;
}

/** Unwraps a boxed float; other values unchanged (for code that wants plain JS values). */
export function unbox(v: unknown): unknown {
  return v instanceof PyFloat ? v.value : v;
}

/** Python `repr(float)`: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function floatStr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = exp >= 0 ? n.toFixed(Math.max(0, (mant.split('.')[1]?.length ?? 0) - exp)) : String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Python `str()` of an int or float held in a JS number. */
export function numStr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (Number.isInteger(n)) return BigInt(n).toString();
  return floatStr(n);
}

/** Python's `round(x, ndigits)`: correctly rounded on the exact binary value, ties to even. */
export function roundHalfEven(x: number, ndigits = 0): number {
  if (!Number.isFinite(x) || ndigits < 0 || ndigits > 40) {
    const m = 10 ** ndigits;
    return Math.round(x * m) / m;
  }
  // toFixed is exact for these sizes; only an exact tie (…5000…) needs Python's even choice.
  const exact = Math.abs(x).toFixed(Math.min(100, ndigits + 60));
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + ndigits);
  if (!/^50*$/.test(tail)) return Number(x.toFixed(ndigits));
  const kept = exact.slice(0, dot + 1 + ndigits).replace(/\.$/, '');
  const lastDigit = Number(kept.replace('.', '').slice(-1));
  const down = Number(kept);
  const up = down + 10 ** -ndigits;
  const mag = lastDigit % 2 === 0 ? down : Number(up.toFixed(ndigits));
  return x < 0 ? -mag : mag;
}
