const UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([smhdw]?)\s*$/;

/**
 * Reads a §9.1 duration (number of seconds, or text such as `"90"`, `"1.5m"`, `"2h"`) as
 * seconds, or null when it is not one. Kept local so this domain lib needs only `@lava/cron`.
 */
export function durationSeconds(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = PATTERN.exec(value);
  if (!m) return null;
  return Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1);
}
