import { randomBytes } from 'node:crypto';
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  createAwsClients,
  createWorker,
  loadAwsConfig,
  provisionRealm,
  realmNames,
  type AwsClients,
} from '@lava/aws';

/** A realm name unique to this test run (matches the realm name rule). */
export function uniqueRealm(prefix = 't'): string {
  const letters = randomBytes(6)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);
  return (prefix + letters).slice(0, 10);
}

export interface TestRealm {
  realm: string;
  clients: AwsClients;
  env: Record<string, string>;
  /** Every Lava event the audit queue has seen so far (drains the queue as it reads). */
  auditEvents(): Promise<Array<{ 'detail-type': string; source: string; detail: Record<string, unknown> }>>;
}

/**
 * Provisions a fresh realm (and worker queues) on the test endpoint and returns clients and the
 * env a service process needs. Tests that run the audit logger must not use `auditEvents`.
 */
export async function provisionTestRealm(
  endpoint: string,
  options: { workers?: string[]; realm?: string } = {},
): Promise<TestRealm> {
  const realm = options.realm ?? uniqueRealm();
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LAVA_REALM: realm,
  };
  const clients = createAwsClients(loadAwsConfig(env));
  await provisionRealm(clients, realm);
  for (const w of options.workers ?? ['core']) await createWorker(clients, realm, w);
  const names = realmNames(realm);
  const seen: Array<{ 'detail-type': string; source: string; detail: Record<string, unknown> }> = [];
  let auditUrl: string | undefined;
  return {
    realm,
    clients,
    env,
    async auditEvents() {
      auditUrl ??= (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.audit })))
        .QueueUrl!;
      const out = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: auditUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      for (const m of out.Messages ?? []) seen.push(JSON.parse(m.Body!));
      if (out.Messages?.length) {
        await clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: auditUrl,
            Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      return seen;
    },
  };
}
