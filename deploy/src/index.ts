export { buildLavaApp } from './lava-app';
export type { LavaStacks } from './lava-app';
export { readDeployConfig, DEFAULT_FLEETS } from './config';
export type { DeployConfig, FleetConfig } from './config';
export { RealmStack } from './realm-stack';
export { ServicesStack } from './services-stack';
export { DeployNames } from './naming';
export { DeployError, DeployConfigError } from './errors';
