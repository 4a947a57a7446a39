import { LoadFailedError } from '../../errors';
import type { S3Import, S3ImportInput, S3ImportStatement } from './s3-import';

const KEYWORDS = new Set([
  'REPLACE',
  'IGNORE',
  'PARTITION',
  'FILE',
  'PREFIX',
  'MANIFEST',
  'DELIMITER',
  'ENCODING',
  'QUOTE',
  'ESCAPE',
  'HEADER',
  'TERMINATOR',
]);

const QUOTED = /^'(?:[^'\\]|\\.)*'$/s;

/**
 * Aurora MySQL `LOAD DATA FROM S3 [FILE|PREFIX|MANIFEST] 's3-<region>://bucket/key' [REPLACE|IGNORE]
 * INTO TABLE t [PARTITION …] [CHARACTER SET …] [COLUMNS …] [LINES TERMINATED BY …]
 * [IGNORE n LINES] (cols)`, built from PostgreSQL-style `args` exactly as the original mapped them.
 * The cluster reads S3 with its own IAM role (`aws_default_s3_role`); no credentials in SQL.
 */
export const AURORA_MYSQL_LOAD: S3Import = {
  name: 'load-data-from-s3',
  keywords: KEYWORDS,
  readsManifest: true,
  readsGzip: true,
  statement(input: S3ImportInput): S3ImportStatement {
    const a = byKeyword(input.args);
    const loadType = only(a, ['FILE', 'PREFIX', 'MANIFEST']) ?? 'FILE';
    const replaceIgnore = only(a, ['IGNORE', 'REPLACE']) ?? '';
    const uri = input.region
      ? `s3-${input.region}://${input.bucket}/${input.key}`
      : `s3://${input.bucket}/${input.key}`;
    if (uri.includes("'")) throw new LoadFailedError(`Single quote not allowed in S3 location: ${uri}`);
    const sql = [
      `LOAD DATA FROM S3 ${loadType} '${uri}'`,
      replaceIgnore,
      `INTO TABLE ${input.target}`,
      a.get('PARTITION') ?? '',
      charset(a.get('ENCODING')),
      columnFormat(a),
      terminator(a.get('TERMINATOR')),
      header(a.get('HEADER')),
      input.columns === undefined ? '' : `(${input.columns.join(',')})`,
    ]
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    return { sql, logged: sql };
  },
  rowsLoaded: (result) => result.rowCount,
};

function byKeyword(args: readonly string[]): Map<string, string> {
  return new Map(args.map((arg) => [(arg.trim().split(/\s+/, 1)[0] ?? '').toUpperCase(), arg.trim()]));
}

function only(a: Map<string, string>, keys: string[]): string | undefined {
  const present = keys.filter((k) => a.has(k));
  if (present.length > 1) throw new LoadFailedError(`Only one of ${keys.join(' | ')} allowed`);
  return present[0];
}

function words(arg: string): string[] {
  return arg.split(/\s+/);
}

function charset(arg: string | undefined): string {
  if (arg === undefined) return '';
  const w = words(arg);
  if (w.length !== 2) throw new LoadFailedError('Usage: ENCODING charset-name');
  return `CHARACTER SET ${w[1]}`;
}

function columnFormat(a: Map<string, string>): string {
  const out: string[] = [];
  const one = (key: string, usage: string, clause: string): void => {
    const arg = a.get(key);
    if (arg === undefined) return;
    const w = words(arg);
    if (w.length !== 2 || !QUOTED.test(w[1]!)) throw new LoadFailedError(usage);
    out.push(`${clause} ${w[1]}`);
  };
  one('DELIMITER', "Usage: DELIMITER 'string'", 'TERMINATED BY');
  const quote = a.get('QUOTE');
  if (quote !== undefined) {
    const w = words(quote);
    if (w.length === 3 && w[1]!.toUpperCase() === 'OPTIONAL' && QUOTED.test(w[2]!))
      out.push(`OPTIONALLY ENCLOSED BY ${w[2]}`);
    else if (w.length === 2 && QUOTED.test(w[1]!)) out.push(`ENCLOSED BY ${w[1]}`);
    else throw new LoadFailedError("Usage: QUOTE [OPTIONAL] 'char'");
  }
  one('ESCAPE', "Usage: ESCAPE 'char'", 'ESCAPED BY');
  return out.length === 0 ? '' : `COLUMNS ${out.join(' ')}`;
}

function terminator(arg: string | undefined): string {
  if (arg === undefined) return '';
  const w = words(arg);
  const v = w[1] ?? '';
  if (w.length === 2 && QUOTED.test(v)) return `LINES TERMINATED BY ${v}`;
  if (w.length === 2 && v.toUpperCase() === 'UNIX') return "LINES TERMINATED BY '\\n'";
  if (w.length === 2 && v.toUpperCase() === 'DOS') return "LINES TERMINATED BY '\\r\\n'";
  throw new LoadFailedError("Usage: TERMINATOR UNIX|DOS|'string'");
}

function header(arg: string | undefined): string {
  if (arg === undefined) return '';
  const w = words(arg);
  if (w.length === 1) return 'IGNORE 1 LINES';
  if (w.length === 2 && /^\d+$/.test(w[1]!)) return `IGNORE ${w[1]} LINES`;
  throw new LoadFailedError('Usage: HEADER [number]');
}
