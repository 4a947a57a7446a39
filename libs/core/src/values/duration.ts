import { ValueFormatError } from '../errors';

/** Seconds per duration unit. Units are case-sensitive: `5M` is invalid. */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

const DURATION_RE = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$/;

/** A duration as stored: a number of seconds or an `nnX` string. */
export type Duration = number | string;

/**
 * Parses a Lava duration to (possibly fractional, possibly negative) seconds.
 * Range checks belong to each use site, as in the original.
 *
 * @example parseDuration('1.5m') === 90; parseDuration(' 3 m ') === 180; parseDuration(10) === 10
 * @throws ValueFormatError for anything else (`'5M'`, `'5ms'`, `''`, booleans, NaN).
 */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ValueFormatError(`Bad duration: ${String(value)}`, 'duration');
  }
  if (typeof value !== 'string') {
    throw new ValueFormatError(`Bad duration: must be a number or string, got ${typeOf(value)}`, 'duration');
  }
  const match = DURATION_RE.exec(value);
  const unit = match?.[2] ?? '';
  const factor = DURATION_UNITS[unit];
  if (!match || factor === undefined) {
    throw new ValueFormatError(`Bad duration: ${JSON.stringify(value)}`, 'duration');
  }
  return Number(match[1]) * factor;
}

/** True when {@link parseDuration} accepts the value. */
export function isDuration(value: unknown): boolean {
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Python's `round()` (half to even), which the original CLIs use for `-d` delays:
 * `round(2.5) === 2`, `round(3.5) === 4`.
 */
export function roundHalfEven(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Formats seconds back to the shortest exact `nnX` string (`90` → `"90s"`, `3600` → `"1h"`). */
export function formatDuration(seconds: number): string {
  for (const [unit, factor] of [
    ['w', 604800],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds !== 0 && seconds % factor === 0) return `${seconds / factor}${unit}`;
  }
  return `${seconds}s`;
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
