import { LavaError } from '@lava/errors';
/**
 * Errors of the local endpoint itself (not the AWS errors it answers with: those are `AwsError`
 * in contracts.ts, encoded on the wire by the edge).
 */
export class AwsLocalError extends LavaError {
  override readonly name: string = 'AwsLocalError';
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The command line or `startAwsLocal` options are invalid. */
export class AwsLocalConfigError extends AwsLocalError {
  override readonly name = 'AwsLocalConfigError';
  constructor(message: string) {
    super('AWS_LOCAL_CONFIG', message);
  }
}

/** A backend (dynalite, s3rver, the data directory) failed to start or stop. */
export class AwsLocalBackendError extends AwsLocalError {
  override readonly name = 'AwsLocalBackendError';
  constructor(message: string, cause?: unknown) {
    super('AWS_LOCAL_BACKEND', message, { cause });
  }
}
