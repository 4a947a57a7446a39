import { ValueFormatError } from '../errors';
import { typeOf } from './duration';

/**
 * Parses an integer the way the original's `int()` use sites do: an integral number, or a
 * digit string with optional sign and surrounding whitespace. Fractions are refused rather than
 * truncated, because a fractional `iteration_limit` is a mistake, not an intent.
 *
 * @example parseInteger(' 3 ') === 3; parseInteger(4) === 4
 */
export function parseInteger(value: unknown, opts: { min?: number; max?: number } = {}): number {
  let n: number;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) n = Number(value.trim());
  else throw new ValueFormatError(`Bad integer: ${describe(value)}`, 'integer');
  if (opts.min !== undefined && n < opts.min) {
    throw new ValueFormatError(`Bad integer: ${n} must be >= ${opts.min}`, 'minimum');
  }
  if (opts.max !== undefined && n > opts.max) {
    throw new ValueFormatError(`Bad integer: ${n} must be <= ${opts.max}`, 'maximum');
  }
  return n;
}

function describe(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : typeOf(value);
}
