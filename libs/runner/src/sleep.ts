/** The run was stopped by worker shutdown; the message is released, not acknowledged. */
export class RunAborted extends Error {
  override readonly name = 'RunAborted';
  constructor() {
    super('run stopped by worker shutdown');
  }
}

/** Sleeps `ms`, rejecting with RunAborted as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new RunAborted());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RunAborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
