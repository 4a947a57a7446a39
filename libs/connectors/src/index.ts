export * from './errors';
export type * from './model/connection';
export { sanitiseMessage, toConnectorError } from './model/sanitise';
export { cleanAppName, defaultAppName, withAppName } from './model/db-fields';
export type { SqlSession, ExecOptions, ExecResult, RowStream, BulkLoadOptions } from './session/sql-session';
export { SqlDecimal } from './session/sql-values';
export type { Connector, DatabaseConnector, ConnectOptions } from './types/connector';
export { ConnectorRegistry, createDefaultRegistry, TYPE_ALIASES } from './registry';
export { PostgresConnector, pgClientConfig, pgSslOptions } from './types/postgres.connector';
export { MysqlConnector, mysqlConnectionConfig } from './types/mysql.connector';
export { OracleConnector, oracleConnectionConfig, oracleConnectString } from './types/oracle.connector';
export { MssqlConnector, mssqlConfig } from './types/mssql.connector';
export { SqliteConnector } from './types/sqlite.connector';
export { AwsConnector, roleSessionName } from './types/aws.connector';
export { GenericConnector } from './types/generic.connector';
export { EmailConnector } from './types/email.connector';
export { SlackConnector } from './types/slack.connector';
export { SmbConnector } from './types/smb.connector';
export { SshConnector } from './types/ssh.connector';
export { SmbClient, smbclientArgs, type SmbClientOptions } from './transfer/smb-client';
export { SftpClient, type SftpTarget } from './transfer/sftp-client';
export { hostKeyKnown } from './transfer/known-hosts';
export { DockerConnector } from './types/docker.connector';
export {
  splitStatements,
  stripTrailingSemicolons,
  type SplitStatement,
  type SplitDialect,
} from './sql/statement-splitter';
export {
  DelimitedWriter,
  resolveDelimitedOptions,
  SQL_JOB_CSV_DEFAULTS,
  type DelimitedOptions,
  type DelimitedOptionsInput,
  type QuotingStyle,
  type CsvDialect,
} from './sql/delimited-writer';
export { formatValue } from './sql/value-format';
export { writeResultSet, OUTPUT_FORMATS, type OutputFormat, type WriteStats } from './sql/output-sink';
export {
  runStatements,
  type SqlStatement,
  type OutputTarget,
  type RunStatementsOptions,
  type StatementResult,
} from './sql/run-statements';
export { readCsv, type CsvReadOptions, type CsvField } from './load/csv-reader';
export { loadDelimited, type LoadResult } from './load/load-delimited';
export { LOAD_MODES, type LoadMode, type LoadDelimitedOptions } from './load/load-options';
export {
  nativeClientCommand,
  findExecutable,
  mysqlSslArgs,
  type NativeClientCommand,
  type NativeClientOptions,
} from './cli/native-client';
export { renderConnectionEnv, type ConnectionEnv } from './cli/connection-env';
export { CONNECTION_DIR } from './cli/private-dir';

export { ConnectionNotifier } from './notify/connection-notifier';
export {
  s3ImportFor,
  requireS3Import,
  redshiftAuthorization,
  checkArgs as checkS3ImportArgs,
  MASK as CREDENTIAL_MASK,
  type S3Import,
  type S3ImportInput,
  type S3ImportStatement,
} from './load/s3-import';
export { SharepointConnector } from './types/sharepoint.connector';
export { GraphClient, type GraphClientOptions, type GraphRequest } from './sharepoint/graph-client';
export {
  SharePointSite,
  encodeDrivePath,
  SIMPLE_UPLOAD_LIMIT,
  UPLOAD_FRAGMENT_BYTES,
  type DriveEntry,
  type ListColumn,
} from './sharepoint/sharepoint-site';
export {
  putList,
  listRows,
  listOutputColumns,
  PUT_LIST_MODES,
  type PutListMode,
  type PutListResult,
} from './sharepoint/sharepoint-lists';
