import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** The string value of `secretId` (`''` when it holds none), or `undefined` when it does not exist. */
export async function readSecretString(
  secrets: SecretsManagerClient,
  secretId: string,
): Promise<string | undefined> {
  try {
    return (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '';
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

/**
 * The value of `secretId`, created with `initial()` first when it does not exist (a key a
 * service generates at its first boot). When another process creates it at the same moment,
 * theirs wins and both return it. `onCreated` runs when this call created it; `what` names the
 * secret in the error of one that disappears right after creation.
 *
 * @example
 * const text = await readOrCreateSecretString(secrets, id, () => JSON.stringify(GrantKeyring.generate()), {
 *   what: 'worker key',
 * });
 */
export async function readOrCreateSecretString(
  secrets: SecretsManagerClient,
  secretId: string,
  initial: () => string,
  options: { what: string; onCreated?: () => void },
): Promise<string> {
  const existing = await readSecretString(secrets, secretId);
  if (existing !== undefined) return existing;
  try {
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: initial() }));
    options.onCreated?.();
  } catch (err) {
    // Race: another replica created it first; use theirs.
    if (!(err instanceof ResourceExistsException)) throw err;
  }
  const created = await readSecretString(secrets, secretId);
  if (created === undefined) throw new Error(`${options.what} ${secretId} vanished right after creation`);
  return created;
}
