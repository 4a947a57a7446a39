import { LavaError } from '@lava/errors';

/** Stable codes of the HTTP API's refusals; each maps to one HTTP status. */
export type OperationsErrorCode =
  'AUTH_REQUIRED' | 'AUTH_INVALID' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT';

/** HTTP status of each code (the API's error body is `{ code, message }`). */
export const OPERATIONS_ERROR_STATUS: Readonly<Record<OperationsErrorCode, number>> = {
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  CONFLICT: 409,
};

/** Base of the read-and-operate errors. Messages name ids and roles, never a token. */
export class OperationsError extends LavaError {
  override readonly name: string = 'OperationsError';
  readonly status: number;
  constructor(
    override readonly code: OperationsErrorCode,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(code, message, { context });
    this.status = OPERATIONS_ERROR_STATUS[code];
  }
}

/** No credential (outside a local realm), or one that is malformed, unknown or revoked. */
export class AuthenticationError extends OperationsError {
  override readonly name = 'AuthenticationError';
  constructor(code: 'AUTH_REQUIRED' | 'AUTH_INVALID', message: string) {
    super(code, message);
  }
}

/** The caller's role does not allow the action. */
export class PermissionDeniedError extends OperationsError {
  override readonly name = 'PermissionDeniedError';
  constructor(role: string, permission: string) {
    super('FORBIDDEN', `role ${role} may not ${permission}`, { role, permission });
  }
}

/** A job, run or dispatcher that does not exist. */
export class RecordNotFoundError extends OperationsError {
  override readonly name = 'RecordNotFoundError';
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} not found: ${id}`, { kind, id });
  }
}

/** A request that breaks the API's schema (bad parameters, cursor, limit...). */
export class InvalidRequestError extends OperationsError {
  override readonly name = 'InvalidRequestError';
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** The action does not fit the current state (retrying a run that did not fail). */
export class StateConflictError extends OperationsError {
  override readonly name = 'StateConflictError';
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CONFLICT', message, context);
  }
}
