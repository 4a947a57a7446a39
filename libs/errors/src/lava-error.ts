/** What a {@link LavaError} carries besides its code and message. */
export interface LavaErrorOptions {
  /** Facts about the failure, free of secrets (logged and asserted on by tests). */
  context?: Record<string, unknown>;
  cause?: unknown;
  /** Whether the same operation may succeed later; default false (bad input or configuration). */
  retryable?: boolean;
}

/**
 * Base of every Lava error, in every lib and service: a stable `code` (alarms and tests match on
 * it, never on the message; values never change once published), a `context` free of secrets,
 * and whether a retry could succeed. Each lib subclasses it in its own `errors.ts` with its own
 * codes; every subclass name ends in `Error`.
 *
 * It lives in this dependency-free lib so that libs below `@lava/core` (cron, the local AWS
 * endpoint) share it too; `@lava/core` re-exports it.
 *
 * @example class QueueFullError extends LavaError { constructor() { super('QUEUE_FULL', 'queue is full', { retryable: true }); } }
 */
export class LavaError extends Error {
  override readonly name: string = 'LavaError';
  readonly context: Record<string, unknown>;
  readonly retryable: boolean;
  override readonly cause?: unknown;

  constructor(
    readonly code: string,
    message: string,
    options: LavaErrorOptions = {},
  ) {
    super(message);
    this.context = options.context ?? {};
    this.retryable = options.retryable ?? false;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
