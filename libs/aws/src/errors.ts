import { LavaError } from '@lava/errors';

/**
 * Typed errors of the AWS adapters. SDK exceptions are translated here, at the adapter
 * boundary, so callers branch on a stable `code` instead of SDK class names; anything we do
 * not recognise is rethrown untouched so no information is lost.
 */

/** Base class: every error raised by `@lava/aws` carries a stable `code` and a retry hint. */
export class LavaAwsError extends LavaError {
  override readonly name: string = 'LavaAwsError';
  constructor(code: string, message: string, retryable = false, options?: { cause?: unknown }) {
    super(code, message, { retryable, cause: options?.cause });
  }
}

/** Configuration (environment or options) is invalid; raised once at boot. */
export class AwsConfigError extends LavaAwsError {
  override readonly name = 'AwsConfigError';
  constructor(message: string) {
    super('AWS_CONFIG_INVALID', message);
  }
}

/** A table, queue, bus or bucket the realm needs does not exist (realm not provisioned?). */
export class ResourceMissingError extends LavaAwsError {
  override readonly name = 'ResourceMissingError';
  constructor(
    readonly resource: string,
    options?: { cause?: unknown },
  ) {
    super('RESOURCE_MISSING', `${resource} does not exist (is the realm provisioned?)`, false, options);
  }
}

/** A conditional write lost its race; `reason` names the race the condition prevents. */
export class ConditionalWriteError extends LavaAwsError {
  override readonly name = 'ConditionalWriteError';
  constructor(
    readonly table: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('CONDITION_FAILED', `${table}: ${reason}`, false, options);
  }
}

/** AWS throttled us or was briefly unavailable: safe to retry later. */
export class ThrottledError extends LavaAwsError {
  override readonly name = 'ThrottledError';
  constructor(
    readonly resource: string,
    options?: { cause?: unknown },
  ) {
    super('THROTTLED', `${resource}: request throttled`, true, options);
  }
}

/** A stored item does not have the expected shape (e.g. a state item with extra keys). */
export class BadItemError extends LavaAwsError {
  override readonly name = 'BadItemError';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super('BAD_ITEM', `${table}: ${detail}`);
  }
}

/**
 * A `secure` state value could not be encrypted or decrypted (KMS refused, key missing or
 * disabled, blob tampered). The message names the key and the KMS error, never a value.
 */
export class StateCipherError extends LavaAwsError {
  override readonly name = 'StateCipherError';
  constructor(
    readonly operation: 'encrypt' | 'decrypt',
    readonly keyId: string | undefined,
    readonly kmsError: string,
  ) {
    const retryable = ['ThrottlingException', 'KMSInternalException', 'DependencyTimeoutException'].includes(
      kmsError,
    );
    super(
      'STATE_CIPHER_FAILED',
      `secure state: KMS ${operation}${keyId ? ` with ${keyId}` : ''} failed (${kmsError})`,
      retryable,
    );
  }
}

/** Entries of a PutEvents call still failed after every retry. Nothing is dropped silently. */
export class BusPublishError extends LavaAwsError {
  override readonly name = 'BusPublishError';
  constructor(
    readonly busName: string,
    readonly failures: { detailType: string; errorCode?: string; errorMessage?: string }[],
    options?: { cause?: unknown },
  ) {
    const first = failures[0];
    super(
      'BUS_PUBLISH_FAILED',
      `${failures.length} event(s) not accepted by bus ${busName}` +
        (first ? ` (first: ${first.detailType}: ${first.errorCode ?? '?'} ${first.errorMessage ?? ''})` : ''),
      true,
      options,
    );
  }
}

const THROTTLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalFailure',
]);

const MISSING_CODES = new Set([
  'ResourceNotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NoSuchBucket',
]);

/** The SDK error name (v3 sets `name` to the exception's short code). */
export function awsErrorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string') return v;
  }
  return undefined;
}

/**
 * Translate an SDK error raised while working on `resource`. Conditional failures become
 * `ConditionalWriteError` with `race` as the reason; unknown errors are returned untouched.
 */
export function translateAwsError(
  err: unknown,
  resource: string,
  race = 'conditional write rejected',
): unknown {
  const code = awsErrorCode(err);
  if (!code) return err;
  if (code === 'ConditionalCheckFailedException')
    return new ConditionalWriteError(resource, race, { cause: err });
  if (MISSING_CODES.has(code)) return new ResourceMissingError(resource, { cause: err });
  if (THROTTLE_CODES.has(code)) return new ThrottledError(resource, { cause: err });
  return err;
}

/** True when the SDK error means "no such resource" (used by describe/delete). */
export function isNotFound(err: unknown): boolean {
  if (err instanceof ResourceMissingError) return true;
  const code = awsErrorCode(err);
  return (
    code !== undefined &&
    (MISSING_CODES.has(code) || code === 'NotFound' || code === 'NoSuchKey' || code === 'ParameterNotFound')
  );
}

/** ECS refused or could not run, find or stop a task (`code` says which); permanent unless throttled. */
export class EcsTaskError extends LavaAwsError {
  override readonly name = 'EcsTaskError';
  constructor(code: string, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options?.retryable ?? false, options);
  }
}
