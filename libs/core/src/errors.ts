import { LavaError, type LavaErrorOptions } from '@lava/errors';

/**
 * Typed errors of `@lava/core`. Every error carries a stable `code` (alarms and tests match on
 * it, never on the message), a `context` free of secrets, and whether a retry could succeed.
 */

/** Stable error codes of `@lava/core`. Values never change once published. */
export const CORE_ERROR_CODES = {
  VALIDATION_FAILED: 'LAVA_VALIDATION_FAILED',
  BAD_VALUE: 'LAVA_BAD_VALUE',
  DISPATCH_REQUEST_INVALID: 'LAVA_DISPATCH_REQUEST_INVALID',
  RUN_MESSAGE_INVALID: 'LAVA_RUN_MESSAGE_INVALID',
  RUN_MESSAGE_BAD_TIMESTAMP: 'LAVA_RUN_MESSAGE_BAD_TIMESTAMP',
  EVENT_CONTRACT_VIOLATION: 'LAVA_EVENT_CONTRACT_VIOLATION',
  EVENT_UNKNOWN_TYPE: 'LAVA_EVENT_UNKNOWN_TYPE',
  EVENT_UNSUPPORTED_VERSION: 'LAVA_EVENT_UNSUPPORTED_VERSION',
  SCHEDULE_INVALID: 'LAVA_SCHEDULE_INVALID',
  NAME_INVALID: 'LAVA_NAME_INVALID',
  CLI_REQUEST_INVALID: 'LAVA_CLI_REQUEST_INVALID',
  SHELL_SYNTAX: 'LAVA_SHELL_SYNTAX',
  DOTTED_NAME_INVALID: 'LAVA_DOTTED_NAME_INVALID',
} as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[keyof typeof CORE_ERROR_CODES];

/** The error base lives in `@lava/errors` (so libs below core share it); re-exported here. */
export { LavaError, type LavaErrorOptions };

/** One broken rule in a record. `value` is left out for secret-looking fields. */
export interface ValidationIssue {
  /** The record, e.g. `job etl/load` or `realm acme`, prefixed by the source file when known. */
  record: string;
  /** JSON pointer inside the record, `""` for the record itself. */
  path: string;
  /** Short rule name, e.g. `required`, `type`, `unknown-field`, `reserved-global`, `duration`. */
  rule: string;
  message: string;
  value?: unknown;
}

/** Formats issues one per line: `<record> <path>: <message> [value]`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((i) => {
      const shown = 'value' in i ? ` (got ${truncate(JSON.stringify(i.value) ?? String(i.value))})` : '';
      return `${i.record}${i.path ? ' ' + i.path : ''}: ${i.message}${shown}`;
    })
    .join('\n');
}

function truncate(text: string, max = 120): string {
  return text.length > max ? text.slice(0, max - 3) + '...' : text;
}

/** A record broke one or more rules. `issues` lists every problem, not just the first. */
export class ValidationError extends LavaError {
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: ValidationIssue[],
    heading?: string,
    /** Warnings found along with the errors (so a tool can show them too). */
    readonly warnings: ValidationIssue[] = [],
  ) {
    super(CORE_ERROR_CODES.VALIDATION_FAILED, `${heading ?? 'Validation failed'}:\n${formatIssues(issues)}`, {
      context: { count: issues.length },
    });
  }
}

/** A single value in a Lava format (duration, size, boolean, S3 location...) is malformed. */
export class ValueFormatError extends LavaError {
  override readonly name = 'ValueFormatError';
  constructor(
    message: string,
    readonly rule: string,
  ) {
    super(CORE_ERROR_CODES.BAD_VALUE, message, { context: { rule } });
  }
}

/** One problem in a dispatch request body: a text line or a JSON item (numbered from 1). */
export interface DispatchRequestIssue {
  /** `line N` for text bodies, `item N` for JSON lists, `request` for a single object. */
  where: string;
  message: string;
}

/** A dispatch request body (JSON or CLI-style) is invalid; `issues` lists every bad line/item. */
export class DispatchRequestError extends LavaError {
  override readonly name = 'DispatchRequestError';
  constructor(readonly issues: DispatchRequestIssue[]) {
    super(
      CORE_ERROR_CODES.DISPATCH_REQUEST_INVALID,
      issues.map((i) => `${i.where}: ${i.message}`).join('\n'),
      { context: { count: issues.length } },
    );
  }
}

/** A worker-queue run message is malformed. Not retryable: redelivery carries the same body. */
export class RunMessageError extends LavaError {
  override readonly name = 'RunMessageError';
  constructor(
    message: string,
    code: string = CORE_ERROR_CODES.RUN_MESSAGE_INVALID,
    options: LavaErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** An event does not match its versioned contract (on send or on receipt). */
export class EventContractError extends LavaError {
  override readonly name = 'EventContractError';
  constructor(
    message: string,
    code: string = CORE_ERROR_CODES.EVENT_CONTRACT_VIOLATION,
    options: LavaErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** A `schedule` field entry is invalid. `entry` is 1-based as in the original's messages. */
export class ScheduleError extends LavaError {
  override readonly name = 'ScheduleError';
  constructor(
    message: string,
    readonly entry?: number,
    options: LavaErrorOptions = {},
  ) {
    super(CORE_ERROR_CODES.SCHEDULE_INVALID, message, { ...options, context: { entry } });
  }
}

/** A realm or worker name breaks the naming rules. */
export class NameError extends LavaError {
  override readonly name = 'NameError';
  constructor(message: string) {
    super(CORE_ERROR_CODES.NAME_INVALID, message);
  }
}

/**
 * A job run failed (a handler, a chain step, a dispatch limit). `data` becomes `error_data` in
 * the run's failure result, so templates can read e.g. `result.error_data.exit_status`.
 */
export class JobFailedError extends LavaError {
  override readonly name: string = 'JobFailedError';
  constructor(
    code: string,
    message: string,
    readonly data: Record<string, unknown> | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, message, { cause: options?.cause });
  }
}
