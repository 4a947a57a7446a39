/** Deepest nesting of objects and arrays accepted in a message body (envelope levels included). */
export const MAX_JSON_DEPTH = 100;

/**
 * Nesting depth of JSON text, counted by a linear scan of brackets outside strings (no
 * recursion, so any input is measured safely before JSON.parse and the recursive code after it
 * see it). Stops counting once `limit` is passed and returns `limit + 1`.
 */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return limit + 1;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Nesting depth of a parsed value, iteratively; returns `limit + 1` once the limit is passed. */
export function jsonValueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > limit) return limit + 1;
    if (depth > deepest) deepest = depth;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth]);
  }
  return deepest;
}
