/**
 * Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`.
 * Tests use it instead of sleeps: they wait exactly as long as the behaviour needs.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
