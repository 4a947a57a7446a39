import { validationError } from './validation';

/** One page of a name-ordered listing. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Pages a list sorted by `key`. Tokens carry the last key returned, so a page stays correct when
 * items are added or removed between calls.
 */
export function paginate<T>(
  all: T[],
  key: (item: T) => string,
  limit: number | undefined,
  nextToken: unknown,
): Page<T> {
  const sorted = [...all].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const after = nextToken === undefined || nextToken === null ? undefined : decodeToken(nextToken);
  const start = after === undefined ? 0 : sorted.findIndex((item) => key(item) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const size = limit ?? 100;
  const items = rest.slice(0, size);
  const last = items[items.length - 1];
  return rest.length > size && last !== undefined ? { items, nextToken: encodeToken(key(last)) } : { items };
}

const encodeToken = (key: string): string => Buffer.from(JSON.stringify({ after: key })).toString('base64');

function decodeToken(token: unknown): string {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the AWS error below
  }
  throw validationError('The NextToken provided is invalid.');
}
