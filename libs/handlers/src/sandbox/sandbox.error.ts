/** The configured job isolation cannot work on this host; the worker must not start. */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
  readonly code = 'JOB_ISOLATION_UNAVAILABLE';
}
