import { LavaError } from '@lava/core';

/** The configured job isolation cannot work on this host; the worker must not start. */
export class SandboxUnavailableError extends LavaError {
  override readonly name = 'SandboxUnavailableError';

  constructor(message: string) {
    super('JOB_ISOLATION_UNAVAILABLE', message);
  }
}
