export { signRunGrant, verifyRunGrant, assertGrantCovers, grantJobIds } from './run-grant';
export type { RunGrantClaims, GrantKey, VerifyOptions } from './run-grant';
export { GrantKeyring } from './grant-keyring';
export type { GrantKeyringDocument } from './grant-keyring';
export { GrantError } from './errors';
export type { GrantRefusal } from './errors';
export { signWorkerRequest, verifyWorkerRequest, workerKeySecretId } from './worker-signature';
export type { WorkerRequest } from './worker-signature';
