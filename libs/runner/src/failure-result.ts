import { JobFailedError } from '@lava/core';

/** `{error, error_data}` (plus `exception` in DEBUG) from a handler failure. */
export function failureResult(err: unknown, debug: boolean): Record<string, unknown> {
  const error = err instanceof Error ? err.message : String(err);
  const data = err instanceof JobFailedError ? err.data : null;
  const result: Record<string, unknown> = { error, error_data: data };
  if (debug && err instanceof Error && err.stack) result.exception = err.stack.split('\n');
  return result;
}
