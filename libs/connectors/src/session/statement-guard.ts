import { ConnectionUnsupportedError, ConnectorError, SqlCancelledError, SqlTimeoutError } from '../errors';
import { toConnectorError } from '../model/sanitise';
import type { ExecOptions } from './sql-session';

// A cancel can race the statement's arrival at the server (the backend is still idle, so the
// cancel is a no-op). Re-issuing it until the statement settles closes that window.
const RECANCEL_INTERVAL_MS = 200;
const MAX_CANCEL_ATTEMPTS = 10;

/**
 * Watches one statement: on timeout or abort it cancels the statement on the server and,
 * when the driver then fails, reports SQL_TIMEOUT / SQL_CANCELLED instead of the driver error.
 */
export class StatementGuard {
  private reason: 'timeout' | 'abort' | undefined;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;
  private recancel: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => this.trip('abort');

  constructor(
    private readonly cancel: () => Promise<void>,
    private readonly opts: ExecOptions,
    private readonly secrets: readonly string[],
  ) {}

  /** Arm the timer and signal listener; throws at once when the signal already fired. */
  start(): void {
    if (this.opts.signal?.aborted === true)
      throw new SqlCancelledError('Statement cancelled before it started');
    if (this.opts.timeoutMs !== undefined)
      this.timer = setTimeout(() => this.trip('timeout'), this.opts.timeoutMs);
    this.opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** True once the timeout or abort fired. */
  get tripped(): boolean {
    return this.reason !== undefined;
  }

  /** Throws the timeout/cancel error if tripped (used by sessions that poll, e.g. SQLite). */
  check(): void {
    if (this.reason !== undefined) throw this.trippedError();
  }

  /** Map a failure to the error the caller should see. */
  mapError(err: unknown): ConnectorError {
    if (this.reason !== undefined) return this.trippedError();
    return toConnectorError(err, this.secrets);
  }

  /** Disarm. Idempotent; after this the guard never cancels anything again. */
  finish(): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.recancel !== undefined) clearInterval(this.recancel);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }

  private trip(reason: 'timeout' | 'abort'): void {
    if (this.reason !== undefined || this.finished) return;
    this.reason = reason;
    let inFlight = false;
    let attempts = 0;
    const fire = (): void => {
      // Never overlap cancels, and give up after a few tries (each may open a connection).
      if (inFlight || attempts >= MAX_CANCEL_ATTEMPTS) return;
      inFlight = true;
      attempts++;
      void this.cancel()
        .catch(() => undefined)
        .finally(() => (inFlight = false));
    };
    fire();
    this.recancel = setInterval(fire, RECANCEL_INTERVAL_MS);
  }

  private trippedError(): ConnectorError {
    return this.reason === 'timeout'
      ? new SqlTimeoutError(`Statement timed out after ${this.opts.timeoutMs ?? 0} ms and was cancelled`)
      : new SqlCancelledError('Statement cancelled');
  }
}

/** Run `fn` under a StatementGuard. */
export async function guarded<T>(
  cancel: () => Promise<void>,
  opts: ExecOptions,
  secrets: readonly string[],
  fn: (guard: StatementGuard) => Promise<T>,
): Promise<T> {
  const guard = new StatementGuard(cancel, opts, secrets);
  guard.start();
  try {
    const result = await fn(guard);
    // Some engines report a killed statement as success (MySQL: an interrupted SLEEP() returns 1).
    guard.check();
    return result;
  } catch (err) {
    throw guard.mapError(err);
  } finally {
    guard.finish();
  }
}

/**
 * Wrap a row iterator so the guard stays armed for the whole iteration and errors are mapped.
 */
export function guardedIterable(
  guard: StatementGuard,
  source: AsyncIterable<unknown[]>,
  onDone: () => Promise<void>,
): AsyncIterable<unknown[]> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const row of source) {
          guard.check();
          yield row;
        }
        guard.check();
      } catch (err) {
        throw guard.mapError(err);
      } finally {
        guard.finish();
        await onDone();
      }
    },
  };
}

/** Engines without named binds refuse them: running with placeholders unbound would fail obscurely. */
export function refuseBinds(opts: ExecOptions, dialect: string): void {
  if (opts.binds !== undefined)
    throw new ConnectionUnsupportedError(`${dialect} sessions do not take named bind values`);
}
