/** Dialect-specific lexical rules for splitting. */
export type SplitDialect = 'postgresql' | 'redshift' | 'mysql' | 'oracle' | 'mssql' | 'sqlite3' | 'ansi';

/** One piece of a script. `sql` is what to execute: '' when the piece is empty or comment-only. */
export interface SplitStatement {
  /** 0-based index counting every piece, including empty ones (output names use it). */
  index: number;
  /** The piece as written (trimmed). */
  text: string;
  /** Executable text: trailing same-line comments and all trailing `;` removed. */
  sql: string;
}

interface Piece {
  start: number;
  end: number;
  /** Oracle PL/SQL block: its final `;` (END;) is part of the syntax and is kept. */
  plsql: boolean;
  /** End offset of the last non-comment, non-space token. */
  codeEnd: number;
}

const PLSQL_START =
  /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(DECLARE|BEGIN|CREATE\s+(?:OR\s+REPLACE\s+)?(?:EDITIONABLE\s+|NONEDITIONABLE\s+)?(?:PROCEDURE|FUNCTION|PACKAGE|TRIGGER|TYPE\s+BODY|TYPE))\b/i;

/**
 * Split a script into statements: `;` splits outside quotes, quoted identifiers,
 * comments and dollar-quoted bodies; a leading comment stays with the next statement; after a `;`
 * the rest of the line (spaces and one `--` comment) stays with the ended statement.
 * Oracle: PL/SQL blocks (DECLARE/BEGIN/CREATE PROCEDURE...) end only at a line holding just `/`.
 * MySQL: backslash escapes in strings and backtick identifiers are honoured.
 *
 * @example splitStatements('select 1; -- one\nselect 2;').map(s => s.sql) // ['select 1', 'select 2']
 */
export function splitStatements(script: string, dialect: SplitDialect = 'ansi'): SplitStatement[] {
  const text = script.trim();
  const pieces = scan(text, dialect);
  return pieces.map((p, index) => {
    const raw = text.slice(p.start, p.end).trim();
    const code = p.codeEnd < 0 ? '' : text.slice(p.start, p.codeEnd).trim();
    return { index, text: raw, sql: p.plsql ? code : stripTrailingSemicolons(code) };
  });
}

/** Trim and strip every trailing `;` (the drivers reject or mis-handle them). */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '').trim();
}

function scan(text: string, dialect: SplitDialect): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let codeEnd = -1;
  let i = 0;
  const n = text.length;
  const isPlsql = (from: number): boolean =>
    dialect === 'oracle' && PLSQL_START.test(text.slice(from, from + 400));
  let plsql = isPlsql(0);
  const close = (end: number): void => {
    pieces.push({ start, end, codeEnd, plsql });
    start = end;
    codeEnd = -1;
    plsql = isPlsql(end);
  };
  while (i < n) {
    const c = text[i]!;
    const skip = skipNonCode(text, i, dialect);
    if (skip > i) {
      if (!isComment(text, i, dialect)) codeEnd = skip;
      i = skip;
      continue;
    }
    if (plsql && c === '/' && isSlashLine(text, i)) {
      i = lineEnd(text, i);
      close(i);
      continue;
    }
    if (c === ';' && !plsql) {
      // The terminator is not code: `sql` ends at the last token before it.
      i = consumeRestOfLine(text, i + 1);
      close(i);
      continue;
    }
    if (!/\s/.test(c)) codeEnd = i + 1;
    i++;
  }
  if (start < n && text.slice(start).trim() !== '') close(n);
  return pieces;
}

function isComment(text: string, i: number, dialect: SplitDialect): boolean {
  return text.startsWith('--', i) || text.startsWith('/*', i) || (dialect === 'mysql' && text[i] === '#');
}

/** If a string, quoted identifier, comment or dollar-quote starts at i, return the offset after it. */
function skipNonCode(text: string, i: number, dialect: SplitDialect): number {
  const c = text[i];
  if (c === "'") return skipQuoted(text, i, "'", dialect === 'mysql');
  if (c === '"') return skipQuoted(text, i, '"', dialect === 'mysql');
  if (c === '`' && dialect === 'mysql') return skipQuoted(text, i, '`', false);
  if (c === '[' && dialect === 'mssql') return skipQuoted(text, i, ']', false);
  if (c === '-' && text[i + 1] === '-') return lineEnd(text, i);
  if (c === '#' && dialect === 'mysql') return lineEnd(text, i);
  if (c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (c === '$' && (dialect === 'postgresql' || dialect === 'redshift' || dialect === 'ansi'))
    return skipDollar(text, i);
  return i;
}

function skipQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslash && c === '\\') j += 2;
    else if (c === quote && text[j + 1] === quote) j += 2;
    else if (c === quote) return j + 1;
    else j++;
  }
  return text.length;
}

function skipDollar(text: string, i: number): number {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
  // `$1` parameters and identifiers containing `$` are not dollar quotes.
  if (m === null || (i > 0 && /[\w$]/.test(text[i - 1]!))) return i;
  const tag = m[0];
  const end = text.indexOf(tag, i + tag.length);
  return end < 0 ? text.length : end + tag.length;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

/** After `;`: spaces/tabs and at most one `--` comment (with its newline) belong to the statement. */
function consumeRestOfLine(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text.startsWith('--', j)) return lineEnd(text, j);
  return j;
}

function isSlashLine(text: string, i: number): boolean {
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  const end = text.indexOf('\n', i);
  return text.slice(lineStart, end < 0 ? text.length : end).trim() === '/';
}
