import { parseDuration } from '@lava/core';
import { InvalidRequestError } from '@lava/operations';

/** `limit`: an integer; the range is checked by `paginate`. */
export function limitParam(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n))
    throw new InvalidRequestError(`limit must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** `since`: a duration back from now (`1h`, `2d`) or an ISO-8601 instant. */
export function sinceParam(raw: string | undefined, now: Date): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const at = new Date(raw);
    if (Number.isNaN(at.getTime())) throw new InvalidRequestError(`since is not a date: ${raw}`);
    return at;
  }
  try {
    return new Date(now.getTime() - parseDuration(raw) * 1000);
  } catch {
    throw new InvalidRequestError(
      `since must be a duration (1h, 2d) or an ISO date, got ${JSON.stringify(raw)}`,
    );
  }
}

/** `status`: comma-separated statuses. */
export function listParam(raw: string | undefined): string[] | undefined {
  const items = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** `wait`: seconds a long poll may hold the request, 0-25 (under common proxy idle timeouts). */
export function waitParam(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 25)
    throw new InvalidRequestError(
      `wait must be a number of seconds from 0 to 25, got ${JSON.stringify(raw)}`,
    );
  return n;
}
