/** Python `os.path` (POSIX flavour), which differs from node's `path` on trailing slashes. */
import { markTuple, splitKwargs } from './values';

function basename(p: unknown): string {
  const s = String(p);
  return s.slice(s.lastIndexOf('/') + 1);
}

function dirname(p: unknown): string {
  const s = String(p);
  const head = s.slice(0, s.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

function join(...raw: unknown[]): string {
  const parts = splitKwargs(raw).args.map(String);
  let out = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    if (part.startsWith('/')) out = part;
    else if (out === '' || out.endsWith('/')) out += part;
    else out += `/${part}`;
  }
  return out;
}

function splitext(p: unknown): string[] {
  const s = String(p);
  const base = basename(s);
  const dot = base.lastIndexOf('.');
  // Leading dots of the basename do not start an extension (`.bashrc`).
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return markTuple([s, '']);
  const cut = s.length - base.length + dot;
  return markTuple([s.slice(0, cut), s.slice(cut)]);
}

function normpath(p: unknown): string {
  const s = String(p);
  if (s === '') return '.';
  const lead = s.startsWith('//') && !s.startsWith('///') ? '//' : s.startsWith('/') ? '/' : '';
  const out: string[] = [];
  for (const c of s.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (!(c === '..' && lead)) out.push(c);
  }
  return lead + out.join('/') || '.';
}

/** The `utils.path` namespace. */
export const pyPath = {
  sep: '/',
  basename,
  dirname,
  join,
  splitext,
  split: (p: unknown) => markTuple([dirname(p), basename(p)]),
  normpath,
  isabs: (p: unknown) => String(p).startsWith('/'),
};
