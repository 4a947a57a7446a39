/**
 * Python `fnmatchcase`: case-sensitive shell glob where `*` also matches `/`
 * (`?` one character, `[seq]`, `[!seq]`). `ignoreCase` is the original utilities' `-i`.
 *
 * @example globMatch('etl/*', 'etl/daily/load') // true
 */
export function globMatch(pattern: string, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  return options.ignoreCase
    ? globToRegExp(pattern.toLowerCase()).test(text.toLowerCase())
    : globToRegExp(pattern).test(text);
}

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        src += '[' + (body.startsWith('!') ? '^' + escapeClass(body.slice(1)) : escapeClass(body)) + ']';
        i = end;
      }
    } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`, 's');
  cache.set(pattern, re);
  return re;
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, '\\$&');
}
