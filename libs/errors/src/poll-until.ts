import { LavaError } from './lava-error';

/** Options of {@link pollUntil}; each has a default, resolved once per call. */
export interface PollOptions {
  /** What is awaited, named in the timeout error (default `condition`). */
  what?: string;
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** Delay between probes (default 50 ms). */
  intervalMs?: number;
  /**
   * When set above `intervalMs`, the delay doubles after each probe up to this: local endpoints
   * answer in milliseconds while real AWS resources can take minutes.
   */
  maxIntervalMs?: number;
  /**
   * Whether a probe that throws is probed again (default true: the deadline error then carries
   * the last failure as its `cause`). Production callers pass false, or a test of the error, so
   * that a permanent failure (access denied) is not retried until the deadline.
   */
  retryErrors?: boolean | ((err: unknown) => boolean);
}

/** {@link pollUntil} reached its deadline before the probe answered. */
export class PollTimeoutError extends LavaError {
  override readonly name = 'PollTimeoutError';
  constructor(what: string, timeoutMs: number, cause?: unknown) {
    const last = cause instanceof Error ? `: ${cause.message}` : '';
    super('POLL_TIMEOUT', `${what} not met within ${timeoutMs} ms${last}`, {
      context: { what, timeoutMs },
      cause,
      retryable: true,
    });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a value other than `undefined` and returns that value, or throws
 * {@link PollTimeoutError} at the deadline. Tests use it instead of sleeping for a fixed time;
 * realm provisioning uses it to wait for tables.
 *
 * @example const item = await pollUntil(() => table.get(key), { what: 'the item', timeoutMs: 5_000 });
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: PollOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = options.retryErrors ?? true;
  const deadline = Date.now() + timeoutMs;
  let delay = options.intervalMs ?? 50;
  const maxDelay = Math.max(options.maxIntervalMs ?? 0, delay);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (!(typeof retry === 'function' ? retry(err) : retry)) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new PollTimeoutError(options.what ?? 'condition', timeoutMs, last);
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }
}
