/** Base error of the deploy app; `code` is stable for tests and scripts. */
export class DeployError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

/** A context value (`-c key=value` or cdk.json) is missing or malformed. */
export class DeployConfigError extends DeployError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('DEPLOY_CONFIG_INVALID', `context "${key}": ${reason}`);
    this.name = 'DeployConfigError';
  }
}
