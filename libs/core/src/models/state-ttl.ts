import { parseDuration } from '../values/duration';
import { STATE_TTL_DEFAULT, STATE_TTL_MAX } from './state';

/**
 * Seconds a state item lives: `min(seconds(ttl || default), seconds(max))`. `0`, `""` and
 * null fall back to the default (`7d`); the cap is `366d`. Negative values are accepted and give
 * an expiry in the past, as in the original.
 *
 * @example resolveStateTtlSeconds('400d') === 366 * 86400
 */
export function resolveStateTtlSeconds(
  ttl?: unknown,
  opts: { defaultTtl?: string | number; maxTtl?: string | number } = {},
): number {
  const given =
    ttl === undefined || ttl === null || ttl === 0 || ttl === ''
      ? (opts.defaultTtl ?? STATE_TTL_DEFAULT)
      : ttl;
  return Math.min(parseDuration(given), parseDuration(opts.maxTtl ?? STATE_TTL_MAX));
}

/** The stored `ttl` attribute: `floor(now_epoch + ttl_seconds)`. */
export function stateTtlEpoch(now: Date, ttlSeconds: number): number {
  return Math.floor(now.getTime() / 1000 + ttlSeconds);
}
