import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readOrCreateSecretString } from '@lava/aws';
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
  const text = await readOrCreateSecretString(
    secrets,
    secretId,
    () => JSON.stringify(GrantKeyring.generate()),
    {
      what: 'worker key',
      onCreated: () => logger.info('worker key created', { secret: secretId }),
    },
  );
  return GrantKeyring.parse(text).current;
}
