import { ValueFormatError } from '../errors';
import { typeOf } from './duration';

/** Bytes per size unit. Units are case-sensitive: `1k` is invalid. */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  K: 1e3,
  KB: 1e3,
  M: 1e6,
  MB: 1e6,
  G: 1e9,
  GB: 1e9,
  T: 1e12,
  TB: 1e12,
  P: 1e15,
  PB: 1e15,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
};

const INTEGER_RE = /^\s*[+-]?\d+\s*$/;
const SIZE_RE = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]+)\s*$/;

/** A size as stored: a byte count or an `nnX` string. */
export type Size = number | string;

/**
 * Parses a Lava size to an integer byte count. An integer (or integer string) is the byte count;
 * a float is truncated; anything else needs a unit and is rounded.
 *
 * @example parseSize('1.5MiB') === 1572864; parseSize(' 10 ') === 10; parseSize(1.9) === 1
 * @throws ValueFormatError for `'1k'`, `'1.5'` (fraction with no unit), `'KB'`, ...
 */
export function parseSize(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Math.trunc(value);
    throw new ValueFormatError(`Bad size: ${String(value)}`, 'size');
  }
  if (typeof value !== 'string') {
    throw new ValueFormatError(`Bad size: must be a number or string, got ${typeOf(value)}`, 'size');
  }
  if (INTEGER_RE.test(value)) return Number(value.trim());
  const match = SIZE_RE.exec(value);
  const factor = match ? SIZE_UNITS[match[2] ?? ''] : undefined;
  if (!match || factor === undefined) {
    throw new ValueFormatError(`Bad size: ${JSON.stringify(value)}`, 'size');
  }
  return Math.round(Number(match[1]) * factor);
}

/** True when {@link parseSize} accepts the value. */
export function isSize(value: unknown): boolean {
  try {
    parseSize(value);
    return true;
  } catch {
    return false;
  }
}
