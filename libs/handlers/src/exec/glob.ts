/**
 * Python `fnmatchcase`: case-sensitive shell glob where `*` also matches `/`
 * (`?` one character, `[seq]`, `[!seq]`).
 */
export function globMatch(pattern: string, text: string): boolean {
  return globToRegExp(pattern).test(text);
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
