import { LavaError } from '@lava/core';
/** Base error of the deploy app; `code` is stable for tests and scripts. */
export class DeployError extends LavaError {
  override readonly name: string = 'DeployError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** A context value (`-c key=value` or cdk.json) is missing or malformed. */
export class DeployConfigError extends DeployError {
  override readonly name = 'DeployConfigError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('DEPLOY_CONFIG_INVALID', `context "${key}": ${reason}`);
  }
}
