/** Options of `pollUntil`. */
export interface PollOptions {
  /** Give up after this long (default 300 s: a real table can take a minute or two). */
  timeoutMs?: number;
  /** First delay; doubles up to `maxDelayMs`. Local endpoints finish in milliseconds. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Call `probe` until it returns a value other than `undefined`, backing off exponentially.
 * Starts fast so local endpoints do not pay AWS-sized waits.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let delay = options.initialDelayMs ?? 25;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, options.maxDelayMs ?? 2_000);
  }
}
