import { LavaError } from '@lava/core';
/** The run was stopped by worker shutdown; the message is released, not acknowledged. */
export class RunAbortedError extends LavaError {
  override readonly name = 'RunAbortedError';
  constructor() {
    // Retryable: the run's message goes back to the queue and another worker resumes it.
    super('RUN_ABORTED', 'run stopped by worker shutdown', { retryable: true });
  }
}

/** Sleeps `ms`, rejecting with RunAbortedError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new RunAbortedError());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RunAbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
