import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../config/aws-clients';
import { queueUrl } from '../realm/provision-queues';

/** Test helper (not exported by the package): the body of the next message on `name`, within 10 s. */
export async function receiveOne(clients: AwsClients, name: string): Promise<string> {
  const url = await queueUrl(clients.sqs, name);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const out = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1, MaxNumberOfMessages: 1 }),
    );
    const body = out.Messages?.[0]?.Body;
    if (body) return body;
  }
  throw new Error(`nothing on ${name}`);
}
