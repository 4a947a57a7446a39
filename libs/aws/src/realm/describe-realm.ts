import type { AwsClients } from '../config/aws-clients';
import { RealmsRepository, type RealmItem } from '../repositories/realms.repository';
import { bucketExists } from './provision-bucket';
import { busExists, ruleArn } from './provision-bus';
import type { ResourceKind } from './provision-report';
import { describeTable } from './provision-tables';
import { findTopicArn } from './provision-topic';
import { listTriggerRules, type TriggerRuleStatus } from './provision-trigger-rule';
import { realmsTable, realmTables } from './table-definitions';
import { listRealmQueues } from './list-realm-queues';
import { deadLetterQueueName, isDeadLetterQueueName, realmNames, type RealmNames } from './realm-names';

/** One expected resource and whether it exists. */
export interface RealmResourceStatus {
  kind: ResourceKind;
  name: string;
  exists: boolean;
  /** e.g. a table's status when not ACTIVE. */
  detail?: string;
}

/** What a realm has and lacks. */
export interface RealmDescription {
  realm: string;
  resources: RealmResourceStatus[];
  /** Names of missing resources; empty when the realm is complete. */
  missing: string[];
  complete: boolean;
  /** Worker fleets found by their queues `lava-<realm>-<worker>`. */
  workers: string[];
  /** EventBridge rules of the realm's rule triggers (`lava rule put`), on either bus. */
  triggerRules: TriggerRuleStatus[];
  record?: RealmItem;
}

/** Bucket of the realm: from the record's `s3_payloads` when there is one. */
export function realmBucket(names: RealmNames, record?: RealmItem): string {
  const match = /^s3:\/\/([^/]+)/.exec(record?.s3_payloads ?? '');
  return match?.[1] ?? names.bucket;
}

/** Each table, then each of its secondary indexes (a table made by hand may lack one). */
async function tables(clients: AwsClients, names: RealmNames): Promise<RealmResourceStatus[]> {
  const defs = [realmsTable(names), ...realmTables(names)];
  const rows = await Promise.all(
    defs.map(async ({ input }) => {
      const name = input.TableName ?? '';
      const state = await describeTable(clients.dynamoDb, name);
      const wanted = [...(input.GlobalSecondaryIndexes ?? []), ...(input.LocalSecondaryIndexes ?? [])].map(
        (i) => i.IndexName ?? '',
      );
      const table: RealmResourceStatus = {
        kind: 'table',
        name,
        exists: state !== undefined,
        detail: state?.status === 'ACTIVE' ? undefined : state?.status,
      };
      return [
        table,
        ...wanted.map((i) => ({
          kind: 'index' as const,
          name: `${name}/${i}`,
          exists: state?.indexes.includes(i) ?? false,
        })),
      ];
    }),
  );
  return rows.flat();
}

async function routing(clients: AwsClients, names: RealmNames): Promise<RealmResourceStatus[]> {
  const out: RealmResourceStatus[] = [
    { kind: 'bus', name: names.bus, exists: await busExists(clients.eventBridge, names.bus) },
  ];
  for (const key of ['dispatch', 'audit', 's3events'] as const) {
    const bus = key === 's3events' ? 'default' : names.bus;
    const exists = (await ruleArn(clients.eventBridge, names.rules[key], bus)) !== undefined;
    out.push({ kind: 'rule', name: `${bus}/${names.rules[key]}`, exists });
  }
  out.push({
    kind: 'topic',
    name: names.topics.dispatch,
    exists: (await findTopicArn(clients.sns, names.topics.dispatch)) !== undefined,
  });
  return out;
}

function queues(names: RealmNames, found: Set<string>): RealmResourceStatus[] {
  return Object.values(names.queues).flatMap((q) =>
    [q, deadLetterQueueName(q)].map((name) => ({ kind: 'queue' as const, name, exists: found.has(name) })),
  );
}

function workersOf(names: RealmNames, found: Set<string>): string[] {
  const service = new Set(Object.values(names.queues));
  const prefix = `lava-${names.realm}-`;
  return [...found]
    .filter((n) => !service.has(n) && !isDeadLetterQueueName(n))
    .map((n) => n.slice(prefix.length));
}

async function bucketStatus(clients: AwsClients, bucket: string): Promise<RealmResourceStatus> {
  try {
    return { kind: 'bucket', name: bucket, exists: await bucketExists(clients.s3, bucket) };
  } catch (err) {
    if ((err as { code?: string }).code === 'BUCKET_NOT_OWNED')
      return { kind: 'bucket', name: bucket, exists: false, detail: 'not ours or not accessible' };
    throw err;
  }
}

/**
 * Check every resource `provisionRealm` creates, plus the worker queues.
 *
 * @example const { complete, missing } = await describeRealm(clients, 'acme');
 */
export async function describeRealm(clients: AwsClients, realm: string): Promise<RealmDescription> {
  const names = realmNames(realm);
  const tableStates = await tables(clients, names);
  const realmsTableExists = tableStates[0]?.exists ?? false;
  const record = realmsTableExists
    ? await new RealmsRepository(clients.dynamo, names.tables.realms).get(realm, true)
    : undefined;
  const found = new Set((await listRealmQueues(clients.sqs, realm)).map((q) => q.name));
  const bucket = realmBucket(names, record);
  const resources: RealmResourceStatus[] = [
    ...tableStates,
    ...(await routing(clients, names)),
    ...queues(names, found),
    await bucketStatus(clients, bucket),
    { kind: 'record', name: `${names.tables.realms}/${realm}`, exists: record !== undefined },
  ];
  const missing = resources.filter((r) => !r.exists).map((r) => r.name);
  const triggerRules = await listTriggerRules(clients.eventBridge, names);
  return {
    realm,
    resources,
    missing,
    complete: missing.length === 0,
    workers: workersOf(names, found),
    triggerRules,
    record,
  };
}
