import { ValueFormatError } from '../errors';
import { typeOf } from './duration';

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n']);

/**
 * The original's strict boolean parser: booleans pass through; strings are trimmed and
 * lower-cased, `true|t|yes|y` / `false|f|no|n`, and integer strings are true when non-zero.
 *
 * @example parseBoolean(' Yes ') === true; parseBoolean('-2') === true; parseBoolean('0') === false
 * @throws ValueFormatError for `''`, other words and non-string, non-boolean values.
 */
export function parseBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') {
    throw new ValueFormatError(`Bad boolean: must be a boolean or string, got ${typeOf(value)}`, 'boolean');
  }
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  if (/^[+-]?\d+$/.test(word)) return Number(word) !== 0;
  throw new ValueFormatError(`Bad boolean: ${JSON.stringify(value)}`, 'boolean');
}

/** True when {@link parseBoolean} accepts the value. */
export function isBooleanLike(value: unknown): boolean {
  try {
    parseBoolean(value);
    return true;
  } catch {
    return false;
  }
}

/** Python truthiness, which the original used for several "boolean" fields (kept for reference). */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
