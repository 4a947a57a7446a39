/**
 * Python `re` module over JS RegExp. Python-only syntax is translated: `(?P<n>...)`,
 * `(?P=n)`, `\A`, `\Z` and leading inline flags `(?i)`. Replacement strings use Python
 * syntax (`\1`, `\g<name>`).
 */
import { PyCompatError } from '../errors';
import { bindArgs, markTuple } from './values';

export const FLAGS = {
  I: 2,
  IGNORECASE: 2,
  M: 8,
  MULTILINE: 8,
  S: 16,
  DOTALL: 16,
  X: 64,
  VERBOSE: 64,
  A: 256,
  ASCII: 256,
  U: 32,
  UNICODE: 32,
};

function jsFlags(flags: number, inline: string): string {
  let f = '';
  if (flags & 2 || inline.includes('i')) f += 'i';
  if (flags & 8 || inline.includes('m')) f += 'm';
  if (flags & 16 || inline.includes('s')) f += 's';
  return f;
}

function translate(pattern: string): { source: string; inline: string } {
  const m = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  const body = m ? pattern.slice(m[0].length) : pattern;
  const source = body
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  return { source, inline: m?.[1] ?? '' };
}

function compile(pattern: unknown, flags: unknown, extra = ''): RegExp {
  if (pattern instanceof PyPattern)
    return new RegExp(pattern.re.source, pattern.re.flags.replace(/[gy]/g, '') + extra);
  const { source, inline } = translate(String(pattern));
  try {
    return new RegExp(source, jsFlags(Number(flags ?? 0), inline) + extra);
  } catch (e) {
    throw new PyCompatError('re.error', (e as Error).message);
  }
}

/** A successful match (`re.Match`). */
export class PyMatch {
  constructor(
    private readonly m: RegExpExecArray,
    readonly string: string,
  ) {}
  group(...idx: unknown[]): unknown {
    const one = (i: unknown): string | null =>
      typeof i === 'string' ? (this.m.groups?.[i] ?? null) : (this.m[Number(i ?? 0)] ?? null);
    return idx.length <= 1 ? one(idx[0] ?? 0) : markTuple(idx.map(one));
  }
  groups(dflt: unknown = null): unknown[] {
    return markTuple(this.m.slice(1).map((g) => g ?? dflt));
  }
  groupdict(dflt: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? dflt]));
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + (this.m[0]?.length ?? 0);
  }
  span(): number[] {
    return [this.start(), this.end()];
  }
  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.m[0] ?? ''}'>`;
  }
}

function exec(re: RegExp, s: unknown): PyMatch | null {
  const text = String(s);
  const m = re.exec(text);
  return m ? new PyMatch(m, text) : null;
}

/** Python replacement text to a function (handles `\1`, `\g<1>`, `\g<name>`, `\n`). */
function replacer(repl: unknown): (m: string, ...rest: unknown[]) => string {
  if (typeof repl === 'function') return (...a) => String((repl as (m: unknown) => unknown)(a));
  const text = String(repl);
  return (...a: unknown[]) => {
    const groups = a.slice(0, -2).filter((x) => typeof x !== 'number');
    const named = typeof a[a.length - 1] === 'object' ? (a[a.length - 1] as Record<string, string>) : {};
    return text.replace(
      /\\(?:g<(\w+)>|(\d{1,2})|(.))/g,
      (_w, g: string | undefined, n: string | undefined, c: string | undefined) => {
        if (g !== undefined) return String(/^\d+$/.test(g) ? (groups[Number(g)] ?? '') : (named[g] ?? ''));
        if (n !== undefined) return String(groups[Number(n)] ?? '');
        return { n: '\n', t: '\t', r: '\r', '\\': '\\' }[c ?? ''] ?? `\\${c}`;
      },
    );
  };
}

function sub(pattern: unknown, repl: unknown, s: unknown, ...rest: unknown[]): string {
  const b = bindArgs('sub', ['count', 'flags'], rest);
  let count = Number(b.count ?? 0) || Infinity;
  const re = compile(pattern, b.flags, 'g');
  const r = replacer(repl);
  return String(s).replace(re, (...a: unknown[]) => (count-- > 0 ? r(...(a as [string])) : String(a[0])));
}

function findall(pattern: unknown, s: unknown, flags?: unknown): unknown[] {
  const re = compile(pattern, flags, 'g');
  return [...String(s).matchAll(re)].map((m) =>
    m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : markTuple(m.slice(1).map((g) => g ?? '')),
  );
}

/** Python `re.split`: captured groups are included; `maxsplit` limits the cuts. */
function split(pattern: unknown, s: unknown, ...rest: unknown[]): unknown[] {
  const b = bindArgs('split', ['maxsplit', 'flags'], rest);
  const text = String(s);
  const max = Number(b.maxsplit ?? 0) || Infinity;
  const out: unknown[] = [];
  let last = 0;
  let cuts = 0;
  for (const m of text.matchAll(compile(pattern, b.flags, 'g'))) {
    if (cuts++ >= max) break;
    out.push(text.slice(last, m.index), ...m.slice(1).map((g) => g ?? null));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** `re.compile(...)` result. */
export class PyPattern {
  constructor(readonly re: RegExp) {}
  get pattern(): string {
    return this.re.source;
  }
  search(s: unknown): PyMatch | null {
    return exec(compile(this, 0), s);
  }
  match(s: unknown): PyMatch | null {
    return exec(compile(this, 0, 'y'), s);
  }
  fullmatch(s: unknown): PyMatch | null {
    return exec(
      new RegExp(`(?:${this.re.source})$(?![\\s\\S])`, this.re.flags.replace(/[gy]/g, '') + 'y'),
      s,
    );
  }
  sub(repl: unknown, s: unknown, ...rest: unknown[]): string {
    return sub(this, repl, s, ...rest);
  }
  findall(s: unknown): unknown[] {
    return findall(this, s);
  }
  split(s: unknown, ...rest: unknown[]): unknown[] {
    return split(this, s, ...rest);
  }
}

/** The `utils.re` namespace. */
export const pyRe = {
  ...FLAGS,
  compile: (p: unknown, flags?: unknown) => new PyPattern(compile(p, flags)),
  search: (p: unknown, s: unknown, flags?: unknown) => exec(compile(p, flags), s),
  match: (p: unknown, s: unknown, flags?: unknown) => exec(compile(p, flags, 'y'), s),
  fullmatch: (p: unknown, s: unknown, flags?: unknown) => new PyPattern(compile(p, flags)).fullmatch(s),
  sub,
  findall,
  split,
  escape: (s: unknown) => String(s).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&'),
};
