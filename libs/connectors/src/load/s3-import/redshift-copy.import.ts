import { LoadFailedError } from '../../errors';
import type { AwsCredentials } from '../../model/connection';
import { MASK, type S3Import, type S3ImportInput, type S3ImportStatement } from './s3-import';

/** Redshift COPY options a job may give (credentials come from `s3_iam_role` / `s3_conn_id`). */
const KEYWORDS = new Set([
  'ACCEPTANYDATE',
  'ACCEPTINVCHARS',
  'AVRO',
  'BLANKSASNULL',
  'BZIP2',
  'COMPROWS',
  'COMPUPDATE',
  'CSV',
  'DATEFORMAT',
  'DELIMITER',
  'EMPTYASNULL',
  'ENCODING',
  'ENCRYPTED',
  'ESCAPE',
  'EXPLICIT_IDS',
  'FILLRECORD',
  'FIXEDWIDTH',
  'FORMAT',
  'GZIP',
  'IGNOREBLANKLINES',
  'IGNOREHEADER',
  'JSON',
  'LZOP',
  'MANIFEST',
  'MAXERROR',
  'NOLOAD',
  'NULL',
  'READRATIO',
  'REGION',
  'REMOVEQUOTES',
  'ROUNDEC',
  'SHAPEFILE',
  'STATUPDATE',
  'TIMEFORMAT',
  'TRIMBLANKS',
  'TRUNCATECOLUMNS',
  'ZSTD',
]);

/**
 * Redshift `COPY <table>(<cols>) FROM 's3://bucket/key' <authorization> <args>`, as the original
 * issued it. The cluster reads S3 itself; `MANIFEST`, `GZIP` and friends are Redshift's own.
 */
export const REDSHIFT_COPY: S3Import = {
  name: 'redshift-copy',
  keywords: KEYWORDS,
  readsManifest: true,
  readsGzip: true,
  statement(input: S3ImportInput): S3ImportStatement {
    const cols = input.columns === undefined ? '' : `(${input.columns.join(',')})`;
    const text = (auth: string): string =>
      [
        `COPY ${input.target}${cols} FROM 's3://${noQuote(input.bucket)}/${noQuote(input.key)}'`,
        auth,
        ...input.args,
      ].join(' ');
    return {
      sql: text(redshiftAuthorization(input.iamRole, input.credentials)),
      logged: text(redshiftAuthorization(input.iamRole, input.credentials, true)),
    };
  },
  rowsLoaded: () => undefined,
};

/**
 * The authorization clause of Redshift COPY and UNLOAD: `IAM_ROLE '<arn>'` (preferred), else the
 * `s3_conn_id` keys (`ACCESS_KEY_ID … SECRET_ACCESS_KEY … [SESSION_TOKEN …]`). `masked` gives the
 * form for logs: the role ARN is not secret, keys are replaced by `****`.
 */
export function redshiftAuthorization(
  iamRole: string | undefined,
  credentials: AwsCredentials | undefined,
  masked = false,
): string {
  const parts = [iamRole, credentials?.accessKeyId, credentials?.secretAccessKey, credentials?.sessionToken];
  if (parts.some((s) => s?.includes("'")))
    throw new LoadFailedError('Bad Redshift authorization component: must not contain quotes');
  if (iamRole) return `IAM_ROLE '${iamRole}'`;
  if (!credentials?.accessKeyId || !credentials.secretAccessKey)
    throw new LoadFailedError('Either IAM role or access keys required');
  const v = (s: string): string => `'${masked ? MASK : s}'`;
  const auth = [
    'ACCESS_KEY_ID',
    v(credentials.accessKeyId),
    'SECRET_ACCESS_KEY',
    v(credentials.secretAccessKey),
  ];
  if (credentials.sessionToken) auth.push('SESSION_TOKEN', v(credentials.sessionToken));
  return auth.join(' ');
}

/** S3 names inside a Redshift literal: a quote would end it (the original refused them too). */
function noQuote(s: string): string {
  if (s.includes("'")) throw new LoadFailedError(`Single quote not allowed in S3 location: ${s}`);
  return s;
}
