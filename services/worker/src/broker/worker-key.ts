import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GrantKeyring, workerKeySecretId, type GrantKey } from '@lava/grants';
import type { Logger } from '@lava/logging';

/**
 * The key this worker fleet signs its secrets-broker requests with, from
 * `lava/<realm>/_worker-keys/<worker>` (created at first boot when absent; a concurrent creator
 * wins and every replica uses its key). It lives only in the worker's memory: job processes never
 * see it, so a run grant they copy from a queue cannot be presented to the broker.
 */
export async function loadWorkerKey(
  secrets: SecretsManagerClient,
  realm: string,
  worker: string,
  logger: Logger,
): Promise<GrantKey> {
  const secretId = workerKeySecretId(realm, worker);
  const existing = await read(secrets, secretId);
  if (existing) return existing;
  try {
    await secrets.send(
      new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify(GrantKeyring.generate()) }),
    );
    logger.info('worker key created', { secret: secretId });
  } catch (err) {
    if (!(err instanceof ResourceExistsException)) throw err;
  }
  const created = await read(secrets, secretId);
  if (!created) throw new Error(`worker key ${secretId} vanished right after creation`);
  return created;
}

async function read(secrets: SecretsManagerClient, secretId: string): Promise<GrantKey | undefined> {
  try {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    return GrantKeyring.parse(out.SecretString ?? '').current;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}
