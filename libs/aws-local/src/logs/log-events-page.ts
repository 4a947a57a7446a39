import type { LogEvent } from './log-store';
import { logsErrors } from './logs-errors';

/** The GetLogEvents window over one stream's events (already filtered by time). */
export interface LogEventsPage {
  events: LogEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

/**
 * Pages like CloudWatch Logs: with no token, the newest `limit` events (or the oldest with
 * `startFromHead`); `f/<n>` continues forward from index n, `b/<n>` backward before it. At the end
 * of the stream the forward token comes back unchanged, which is how readers know they are done.
 */
export function logEventsPage(
  all: readonly LogEvent[],
  options: { limit?: number; nextToken?: string; startFromHead?: boolean },
): LogEventsPage {
  const limit = options.limit ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw logsErrors.invalidParameter('limit must be between 1 and 10000');
  const token = parseToken(options.nextToken, all.length);
  let from: number;
  let to: number;
  if (token?.direction === 'f') [from, to] = [token.index, Math.min(all.length, token.index + limit)];
  else if (token?.direction === 'b') [from, to] = [Math.max(0, token.index - limit), token.index];
  else if (options.startFromHead) [from, to] = [0, Math.min(all.length, limit)];
  else [from, to] = [Math.max(0, all.length - limit), all.length];
  return { events: all.slice(from, to), nextForwardToken: `f/${to}`, nextBackwardToken: `b/${from}` };
}

function parseToken(
  token: string | undefined,
  length: number,
): { direction: 'f' | 'b'; index: number } | undefined {
  if (token === undefined) return undefined;
  const match = /^([fb])\/(\d+)$/.exec(token);
  const index = Number(match?.[2]);
  if (!match || index > length) throw logsErrors.invalidParameter('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', index };
}
