import { LoadFailedError } from '../../errors';
import type { AwsCredentials, ResolvedDbConnection } from '../../model/connection';

/** What a server-side load from S3 needs; names are already quoted for the engine. */
export interface S3ImportInput {
  /** Qualified, quoted target table. */
  target: string;
  /** Quoted load columns (undefined = every column, in table order). */
  columns?: readonly string[];
  bucket: string;
  key: string;
  /** Region of the bucket (the `s3_conn_id` connection's, else the worker's). */
  region?: string;
  /** `args` entries as written in the job (`CSV`, `IGNOREHEADER 1`, `DELIMITER '|'`...). */
  args: readonly string[];
  /** `s3_conn_id` credentials; undefined = the database's own IAM role. */
  credentials?: AwsCredentials;
  /** `s3_iam_role` (Redshift). */
  iamRole?: string;
}

/** A statement to run and the same statement fit for logs and events (credentials masked). */
export interface S3ImportStatement {
  sql: string;
  logged: string;
}

/**
 * A server-side load: the database engine reads the object from S3 itself (Redshift `COPY`,
 * RDS/Aurora PostgreSQL `aws_s3.table_import_from_s3`, Aurora MySQL `LOAD DATA FROM S3`).
 * One file per engine beside this one; `s3ImportFor` picks it for a connection.
 */
export interface S3Import {
  /** Short name for events (`redshift-copy`). */
  readonly name: string;
  /** `args` keywords the engine accepts (validated before anything touches the table). */
  readonly keywords: ReadonlySet<string>;
  /** The engine reads a `MANIFEST` itself (else the caller issues one statement per entry). */
  readonly readsManifest: boolean;
  /** The engine decompresses on its own for `GZIP` (else the object needs Content-Encoding metadata). */
  readonly readsGzip: boolean;
  /** The statements for one object (RDS PostgreSQL reads a manifest itself: one per entry). */
  statement(input: S3ImportInput): S3ImportStatement;
  /** Rows loaded, from the statement's result (undefined when the engine does not say). */
  rowsLoaded(result: { rowCount: number; rows?: unknown[][] }): number | undefined;
}

/** First word of every `args` entry, upper-cased. */
export function argKeywords(args: readonly string[]): string[] {
  return args.map((a) => (a.trim().split(/\s+/, 1)[0] ?? '').toUpperCase());
}

/** Fails (before any table is touched) on an `args` keyword the engine does not take. */
export function checkArgs(load: S3Import, args: readonly string[]): void {
  const bad = [...new Set(argKeywords(args).filter((k) => !load.keywords.has(k)))];
  if (bad.length > 0) throw new LoadFailedError(`Invalid COPY arguments: ${bad.join(', ')}`);
}

/** A single-quoted SQL literal (quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Masked stand-in for a credential in logged statements. */
export const MASK = '****';

/** The connection types whose engines load from S3 themselves (the original's server-side paths). */
export function s3ImportKind(
  resolved: ResolvedDbConnection,
): 'redshift' | 'postgres-rds' | 'mysql-aurora' | undefined {
  if (resolved.dialect === 'redshift') return 'redshift';
  if (resolved.canonicalType === 'postgres-rds') return 'postgres-rds';
  if (resolved.canonicalType === 'mysql-aurora') return 'mysql-aurora';
  return undefined;
}
