import { SqlDecimal } from '../session/sql-values';

/**
 * Documented stringification of SQL values for delimited output (Python-compatible
 * where it matters): null -> '' ; boolean -> True/False ; integers in full ; floats in Python repr
 * form (1.5, 1e-05, 1e+16) ; decimals keep their scale (12.30) ; timestamps as
 * `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]` ; binary as `\x` + hex ; JSON values as JSON.
 */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return v.toString();
    default:
      return formatObject(v as object);
  }
}

/** Values treated as numbers by `quoting: nonnumeric`. */
export function isNumericValue(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof SqlDecimal;
}

function formatObject(v: object): string {
  if (v instanceof SqlDecimal) return v.text;
  if (v instanceof Date) return formatDate(v);
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return JSON.stringify(v);
}

/** Python `repr(float)` rules: positional for 1e-4 <= |x| < 1e16, else `d.ddde[+-]XX`. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) return positional(mant, exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function positional(mant: string, exp: number): string {
  const neg = mant.startsWith('-');
  const digits = mant.replace(/^-/, '').replace('.', '');
  let out: string;
  if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length > exp + 1) out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return neg ? `-${out}` : out;
}

function formatDate(d: Date): string {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ms = d.getUTCMilliseconds();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return ms === 0 ? base : `${base}.${String(ms * 1000).padStart(6, '0')}`;
}
