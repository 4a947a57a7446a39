import type { S3Import, S3ImportInput, S3ImportStatement } from './s3-import';
import { MASK, sqlString } from './s3-import';

/** PostgreSQL COPY options (plus the original's GZIP/MANIFEST, which the handler resolves first). */
const KEYWORDS = new Set([
  'FORMAT',
  'HEADER',
  'OIDS',
  'FREEZE',
  'DELIMITER',
  'NULL',
  'QUOTE',
  'ESCAPE',
  'FORCE_NOT_NULL',
  'FORCE_NULL',
  'ENCODING',
  'MANIFEST',
  'GZIP',
]);

/**
 * RDS / Aurora PostgreSQL `SELECT aws_s3.table_import_from_s3(table, columns, '(<COPY options>)',
 * bucket, key, region, access key, secret key, session token)`, as the original issued it: empty
 * credentials let the database's own IAM role read the object. One call per object.
 */
export const RDS_POSTGRES_IMPORT: S3Import = {
  name: 'aws_s3.table_import_from_s3',
  keywords: KEYWORDS,
  readsManifest: false,
  readsGzip: false,
  statement(input: S3ImportInput): S3ImportStatement {
    const options = input.args.filter((a) => !/^\s*(MANIFEST|GZIP)\b/i.test(a));
    const c = input.credentials;
    const call = (secret: (s: string | undefined) => string): string =>
      `SELECT aws_s3.table_import_from_s3(${[
        sqlString(input.target),
        sqlString((input.columns ?? []).join(',')),
        sqlString(`(${options.join(', ')})`),
        sqlString(input.bucket),
        sqlString(input.key),
        sqlString(input.region ?? ''),
        secret(c?.accessKeyId),
        secret(c?.secretAccessKey),
        secret(c?.sessionToken),
      ].join(', ')})`;
    return {
      sql: call((s) => sqlString(s ?? '')),
      logged: call((s) => sqlString(s ? MASK : '')),
    };
  },
  /** The function answers `N rows imported into relation …`. */
  rowsLoaded(result) {
    const text = String(result.rows?.[0]?.[0] ?? '');
    const m = /^(\d+) rows? imported/.exec(text);
    return m ? Number(m[1]) : undefined;
  },
};
