import { InvalidRequestError } from './errors';

/** One page of a list and the cursor of the next (absent on the last page). */
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** How the list is ordered by its key (newest-first run lists are descending). */
export type KeyOrder = 'asc' | 'desc';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * A page of `items` (already in list order) after the cursor. The cursor names the last item
 * returned by its sort key rather than an offset, so items added at the head of a newest-first
 * list between two requests never shift the next page.
 *
 * @example paginate(runs, (r) => `${r.tu_event}|${r.run_id}`, { limit: 20 })
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  req: PageRequest = {},
  order: KeyOrder = 'asc',
): Page<T> {
  const limit = req.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new InvalidRequestError(`limit must be an integer 1-${MAX_PAGE_SIZE}`);
  let start = 0;
  if (req.cursor !== undefined) {
    const after = decodeCursor(req.cursor);
    const at = items.findIndex((item) => keyOf(item) === after);
    // The anchor item may have gone (TTL): fall back to the first item ordered after it.
    start =
      at >= 0
        ? at + 1
        : items.findIndex((item) => (order === 'asc' ? keyOf(item) > after : keyOf(item) < after));
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last !== undefined
    ? { items: page, next_cursor: Buffer.from(keyOf(last)).toString('base64url') }
    : { items: page };
}

function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw new InvalidRequestError('malformed cursor');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
