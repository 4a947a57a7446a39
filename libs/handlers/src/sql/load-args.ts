import { JobFailedError } from '@lava/core';

/** Source format options of a db_from_s3 load, parsed from `args`. */
export interface LoadArgs {
  delimiter?: string;
  quotechar?: string;
  escapechar?: string | null;
  doublequote?: boolean;
  /** Leading lines to skip in each source object. */
  header: number;
  gzip: boolean;
  manifest: boolean;
}

/** Keywords accepted in `args` (PostgreSQL COPY and the original row loader's spellings). */
export const LOAD_ARG_KEYWORDS = [
  'DELIMITER',
  'QUOTE',
  'QUOTECHAR',
  'ESCAPE',
  'ESCAPECHAR',
  'DOUBLEQUOTE',
  'HEADER',
  'IGNOREHEADER',
  'GZIP',
  'MANIFEST',
  'FORMAT',
  'ENCODING',
  'QUOTING',
] as const;

function bad(message: string): never {
  throw new JobFailedError('BAD_JOB_PARAMETERS', `Bad job parameters: ${message}`, { exit_status: 1 });
}

/**
 * Parse `args` entries such as `DELIMITER '|'`, `HEADER`, `ESCAPE '\'`, `GZIP`, `MANIFEST`.
 * The first word (any case) must be a known keyword. Unlike the original, ESCAPECHAR is honoured.
 */
export function parseLoadArgs(args: unknown): LoadArgs {
  const out: LoadArgs = { header: 0, gzip: false, manifest: false };
  if (args === undefined || args === null) return out;
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    bad('args must be a list of strings');
  for (const arg of args as string[]) {
    const m = /^\s*(\w+)\s*(?:AS\s+)?(.*?)\s*$/is.exec(arg);
    const keyword = m?.[1]?.toUpperCase() ?? '';
    const value = m?.[2] ?? '';
    if (!(LOAD_ARG_KEYWORDS as readonly string[]).includes(keyword))
      bad(`args: ${keyword || arg} is not one of ${LOAD_ARG_KEYWORDS.join(', ')}`);
    apply(out, keyword, value);
  }
  return out;
}

function apply(out: LoadArgs, keyword: string, value: string): void {
  switch (keyword) {
    case 'DELIMITER':
      out.delimiter = char(keyword, value);
      return;
    case 'QUOTE':
    case 'QUOTECHAR':
      out.quotechar = char(keyword, value);
      return;
    case 'ESCAPE':
    case 'ESCAPECHAR':
      out.escapechar = char(keyword, value);
      return;
    case 'DOUBLEQUOTE':
      out.doublequote = value === '' ? true : flag(keyword, value);
      return;
    case 'HEADER':
    case 'IGNOREHEADER':
      out.header = value === '' ? 1 : /^\d+$/.test(value) ? Number(value) : flag(keyword, value) ? 1 : 0;
      return;
    case 'GZIP':
      out.gzip = true;
      return;
    case 'MANIFEST':
      out.manifest = true;
      return;
    case 'FORMAT':
      if (unquote(value).toLowerCase() !== 'csv') bad(`args: FORMAT ${value} is not supported (csv only)`);
      return;
    case 'ENCODING':
      if (!/^utf-?8$/i.test(unquote(value))) bad(`args: ENCODING ${value} is not supported (UTF8 only)`);
      return;
    default:
      // QUOTING only matters when writing CSV; accepted for compatibility with the original.
      return;
  }
}

function unquote(value: string): string {
  const m = /^(E?)'(.*)'$/s.exec(value);
  if (m === null) return value;
  const body = m[2]!.replace(/''/g, "'");
  return m[1]
    ? body.replace(/\\([tnr\\'])/g, (_x, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c)
    : body;
}

function char(keyword: string, value: string): string {
  const text = unquote(value);
  if (text.length !== 1) bad(`args: ${keyword} needs a single character`);
  return text;
}

function flag(keyword: string, value: string): boolean {
  const v = unquote(value).toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(v)) return true;
  if (['false', 'off', '0', 'no'].includes(v)) return false;
  return bad(`args: ${keyword} takes true or false`);
}
