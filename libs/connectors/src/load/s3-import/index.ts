import { ConnectionUnsupportedError } from '../../errors';
import type { ResolvedDbConnection } from '../../model/connection';
import { AURORA_MYSQL_LOAD } from './aurora-mysql.import';
import { RDS_POSTGRES_IMPORT } from './rds-postgres.import';
import { REDSHIFT_COPY } from './redshift-copy.import';
import { s3ImportKind, type S3Import } from './s3-import';

export * from './s3-import';
export { redshiftAuthorization } from './redshift-copy.import';

/** The server-side load of a connection's engine, or undefined when it has none (client-side streaming). */
export function s3ImportFor(resolved: ResolvedDbConnection): S3Import | undefined {
  switch (s3ImportKind(resolved)) {
    case 'redshift':
      return REDSHIFT_COPY;
    case 'postgres-rds':
      return RDS_POSTGRES_IMPORT;
    case 'mysql-aurora':
      return AURORA_MYSQL_LOAD;
    default:
      return undefined;
  }
}

/** Like s3ImportFor, but a connection without a server-side load is an error. */
export function requireS3Import(resolved: ResolvedDbConnection): S3Import {
  const load = s3ImportFor(resolved);
  if (load === undefined)
    throw new ConnectionUnsupportedError(
      `${resolved.type} cannot load from S3 on the server; use method copy or insert`,
    );
  return load;
}
