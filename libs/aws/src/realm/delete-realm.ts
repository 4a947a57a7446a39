import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteEventBusCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../config/aws-clients';
import { isNotFound } from '../errors';
import { RealmsRepository } from '../repositories/realms.repository';
import { realmBucket } from './describe-realm';
import { listRealmQueues } from './list-realm-queues';
import { removeResource as remove, type ProvisionStep } from './provision-report';
import { deleteRoute as deleteRule } from './provision-bus';
import { deleteTopic, findTopicArn } from './provision-topic';
import { listTriggerRules } from './provision-trigger-rule';
import { realmNames } from './realm-names';

/** Options of `deleteRealm`. */
export interface DeleteRealmOptions {
  /** Also empty and delete the realm bucket (default false: payloads and outputs are kept). */
  deleteBucket?: boolean;
}

async function emptyBucket(s3: S3Client, bucket: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
    if (keys.length)
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    token = page.NextContinuationToken;
  } while (token);
}

/**
 * Remove a realm: rules (rule triggers' too), bus, dispatch topic, every `lava-<realm>-*` queue (worker queues included), the seven
 * realm tables and the realm record; the bucket only with `deleteBucket`. `lava.realms` stays:
 * other realms share it. Safe to re-run.
 */
export async function deleteRealm(
  clients: AwsClients,
  realm: string,
  options: DeleteRealmOptions = {},
): Promise<ProvisionStep[]> {
  const names = realmNames(realm);
  const realms = new RealmsRepository(clients.dynamo, names.tables.realms);
  const record = await realms.get(realm, true).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  const steps: ProvisionStep[] = [];
  for (const key of ['dispatch', 'audit'] as const)
    steps.push(await deleteRule(clients.eventBridge, names.rules[key], names.bus));
  steps.push(await deleteRule(clients.eventBridge, names.rules.s3events, 'default'));
  for (const r of await listTriggerRules(clients.eventBridge, names))
    steps.push(await deleteRule(clients.eventBridge, r.name, r.bus));
  const topic = await findTopicArn(clients.sns, names.topics.dispatch);
  if (topic) steps.push(await remove('topic', names.topics.dispatch, () => deleteTopic(clients.sns, topic)));
  steps.push(
    await remove('bus', names.bus, () =>
      clients.eventBridge.send(new DeleteEventBusCommand({ Name: names.bus })),
    ),
  );
  for (const q of await listRealmQueues(clients.sqs, realm)) {
    steps.push(
      await remove('queue', q.name, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }))),
    );
  }
  const { realms: _shared, ...own } = names.tables;
  steps.push(
    ...(await Promise.all(
      Object.values(own).map((t) =>
        remove('table', t, () => clients.dynamoDb.send(new DeleteTableCommand({ TableName: t }))),
      ),
    )),
  );
  if (record)
    steps.push(await remove('record', `${names.tables.realms}/${realm}`, () => realms.delete(realm)));
  if (options.deleteBucket) {
    const bucket = realmBucket(names, record);
    steps.push(
      await remove(
        'bucket',
        bucket,
        async () => (
          await emptyBucket(clients.s3, bucket),
          clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }))
        ),
      ),
    );
  }
  return steps;
}
