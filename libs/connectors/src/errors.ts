import { LavaError } from '@lava/errors';
/** Stable error codes for everything thrown by `@lava/connectors`. */
export type ConnectorErrorCode =
  | 'CONNECTION_INVALID'
  | 'CONNECTION_DISABLED'
  | 'CONNECTION_UNSUPPORTED'
  | 'CONNECTION_UNREACHABLE'
  | 'SECRET_UNAVAILABLE'
  | 'SQL_FAILED'
  | 'SQL_TIMEOUT'
  | 'SQL_CANCELLED'
  | 'OUTPUT_FAILED'
  | 'LOAD_FAILED'
  | 'CLIENT_UNAVAILABLE'
  | 'TRANSFER_FAILED'
  | 'HOST_KEY_REJECTED'
  | 'SHAREPOINT_FAILED';

/**
 * Base error. Messages are always sanitised: they never contain a password or other secret,
 * because they end up in events, logs and return maps.
 */
export class ConnectorError extends LavaError {
  override readonly name: string = this.constructor.name;

  /** `context`: structured, secret-free facts (conn_id, driver_code, statement_index, ...). */
  constructor(
    override readonly code: ConnectorErrorCode,
    message: string,
    context: Record<string, unknown> = {},
    retryable = false,
  ) {
    super(code, message, { context: { ...context }, retryable });
  }

  /** Add context while the error propagates (e.g. which statement failed). */
  withContext(extra: Record<string, unknown>): this {
    Object.assign(this.context, extra);
    return this;
  }
}

/** The connection spec is malformed, incomplete or names an unknown type. */
export class ConnectionInvalidError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CONNECTION_INVALID', message, context);
  }
}

/** The connection record exists but `enabled` is not true. */
export class ConnectionDisabledError extends ConnectorError {
  constructor(connId: string) {
    super('CONNECTION_DISABLED', 'Connection not enabled', { conn_id: connId });
  }
}

/** The operation is not available for this connection type (e.g. no loader, no CLI). */
export class ConnectionUnsupportedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CONNECTION_UNSUPPORTED', message, context);
  }
}

/** The database could not be reached or refused the login. */
export class ConnectionUnreachableError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CONNECTION_UNREACHABLE', message, context, true);
  }
}

/** A secret (SSM parameter, Secrets Manager value, IAM token) could not be obtained. */
export class SecretUnavailableError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('SECRET_UNAVAILABLE', message, context, true);
  }
}

/** A SQL statement failed on the server. `sqlState` carries the driver/server code when known. */
export class SqlFailedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('SQL_FAILED', message, context);
  }
}

/** A statement or run exceeded its timeout; the statement was cancelled on the server. */
export class SqlTimeoutError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('SQL_TIMEOUT', message, context);
  }
}

/** The caller's AbortSignal fired; the statement was cancelled on the server. */
export class SqlCancelledError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('SQL_CANCELLED', message, context);
  }
}

/** Writing delimited output failed (bad quoting options, value that needs escaping, sink error). */
export class OutputFailedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('OUTPUT_FAILED', message, context);
  }
}

/** A db_from_s3 style load failed; the target was left as it was before the load. */
export class LoadFailedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('LOAD_FAILED', message, context);
  }
}

/** The native client binary (psql, mysql, sqlite3) is not installed. */
export class ClientUnavailableError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CLIENT_UNAVAILABLE', message, context);
  }
}

/**
 * A file transfer (SMB, SFTP) failed. `context.status` carries the server's status when known
 * (`NT_STATUS_OBJECT_NAME_NOT_FOUND`, `SFTP_NO_SUCH_FILE`); retryable only for transport failures.
 */
export class TransferFailedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}, retryable = false) {
    super('TRANSFER_FAILED', message, context, retryable);
  }
}

/** The SSH server's host key matched no `known_hosts` entry of the connection (never retried). */
export class HostKeyRejectedError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('HOST_KEY_REJECTED', message, context);
  }
}

/**
 * A Microsoft Graph call for a SharePoint job failed. The message names the operation, the HTTP
 * status and Graph's error code only: never a token, the client secret or a response body.
 */
export class SharePointError extends ConnectorError {
  constructor(message: string, context: Record<string, unknown> = {}, retryable = false) {
    super('SHAREPOINT_FAILED', message, context, retryable);
  }
}
