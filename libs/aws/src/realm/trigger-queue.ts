import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../config/aws-clients';
import { LavaAwsError, translateAwsError } from '../errors';
import { queueUrl } from './provision-queues';
import { realmNames } from './realm-names';

/**
 * Put one message on the realm's trigger queue (`lava-<realm>-s3events`), as S3 or a rule would:
 * `lava trigger test` uses it to try a trigger without uploading.
 *
 * @returns the queue name.
 */
export async function sendToTriggerQueue(clients: AwsClients, realm: string, body: string): Promise<string> {
  const name = realmNames(realm).queues.s3events;
  const url = await queueUrl(clients.sqs, name);
  if (!url)
    throw new LavaAwsError(
      'REALM_INCOMPLETE',
      `Queue ${name} does not exist: run "lava realm create ${realm}" first`,
    );
  try {
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  } catch (err) {
    throw translateAwsError(err, `queue ${name}`);
  }
  return name;
}
