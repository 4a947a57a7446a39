import type { PollOptions } from '@lava/errors';
import type { AwsClients } from '../config/aws-clients';
import { RealmsRepository, type RealmItem } from '../repositories/realms.repository';
import { ensureBucket } from './provision-bucket';
import { ensureBus, ensureRoute } from './provision-bus';
import {
  allowSenders,
  DEFAULT_SERVICE_QUEUE,
  ensureQueue,
  type EnsuredQueue,
  type QueueSenders,
  type QueueSettings,
} from './provision-queues';
import { ensureDispatchTopic } from './provision-topic';
import type { ProvisionStep } from './provision-report';
import { ensureTable } from './provision-tables';
import { realmNames, type RealmNames } from './realm-names';
import { AUDIT_PATTERN, DISPATCH_PATTERN, S3_EVENTS_PATTERN } from './route-patterns';
import { realmsTable, realmTables } from './table-definitions';

/** Options of `provisionRealm`; every field has a default. */
export interface ProvisionRealmOptions {
  /** Realm bucket (default `lava-<realm>`, `_` replaced by `-`). */
  bucket?: string;
  /** Prefix of `s3_payloads` in the bucket (default `payloads`). */
  payloadsPrefix?: string;
  /** Prefix of `s3_temp` in the bucket (default `tmp`). */
  tempPrefix?: string;
  /** Extra realm record fields for a new record (`config`, `s3_key`, `on_fail`...). */
  record?: Record<string, unknown>;
  /** Service queue timings (default `DEFAULT_SERVICE_QUEUE`). */
  serviceQueue?: Partial<QueueSettings>;
  /** Table wait policy. */
  poll?: PollOptions;
}

/** What `provisionRealm` did, resource by resource. */
export interface ProvisionRealmResult {
  names: RealmNames;
  steps: ProvisionStep[];
  /** The realm record as stored (the existing one when it was already there). */
  record: RealmItem;
}

async function ensureTables(
  clients: AwsClients,
  names: RealmNames,
  poll?: PollOptions,
): Promise<ProvisionStep[]> {
  const defs = [realmsTable(names), ...realmTables(names)];
  // In parallel: each CreateTable takes seconds on AWS, and they do not depend on each other.
  const steps = await Promise.all(defs.map((def) => ensureTable(clients.dynamoDb, def, poll)));
  return steps.flat();
}

/**
 * Who may send to each service queue besides its own rule: the dispatch topic to the dispatch
 * queue, and the realm's rule triggers (`lava.<realm>.*` on either bus) to the trigger queue.
 */
async function extraSenders(
  clients: AwsClients,
  names: RealmNames,
  key: keyof RealmNames['queues'],
  queue: EnsuredQueue,
  ruleArn: string,
) {
  const senders: QueueSenders = { rules: [ruleArn] };
  const steps: ProvisionStep[] = [];
  if (key === 'dispatch') {
    const topic = await ensureDispatchTopic(clients.sns, names.topics.dispatch, queue.arn);
    senders.topics = [topic.arn];
    steps.push(...topic.steps);
  }
  if (key === 's3events') {
    const ruleBase = ruleArn.slice(0, ruleArn.indexOf(':rule/') + ':rule/'.length);
    senders.rules.push(
      `${ruleBase}${names.triggerRulePrefix}*`,
      `${ruleBase}${names.bus}/${names.triggerRulePrefix}*`,
    );
  }
  return { senders, steps };
}

async function ensureRouting(
  clients: AwsClients,
  names: RealmNames,
  settings: QueueSettings,
): Promise<ProvisionStep[]> {
  const eb = clients.eventBridge;
  const steps: ProvisionStep[] = [await ensureBus(eb, names.bus)];
  const routes = [
    {
      key: 'dispatch',
      bus: names.bus,
      pattern: DISPATCH_PATTERN,
      description: 'Dispatch requests to the dispatcher',
    },
    {
      key: 'audit',
      bus: names.bus,
      pattern: AUDIT_PATTERN,
      description: 'All Lava events to the audit logger',
    },
    {
      key: 's3events',
      bus: 'default',
      pattern: S3_EVENTS_PATTERN,
      description: 'S3 object events to the trigger consumer',
    },
  ] as const;
  for (const route of routes) {
    const queue = await ensureQueue(clients.sqs, names.queues[route.key], settings);
    const rule = await ensureRoute(eb, { rule: names.rules[route.key], queueArn: queue.arn, ...route });
    const extra = await extraSenders(clients, names, route.key, queue, rule.arn);
    await allowSenders(clients.sqs, queue, extra.senders);
    steps.push(...queue.steps, rule.step, ...extra.steps);
  }
  return steps;
}

function newRecord(names: RealmNames, bucket: string, options: ProvisionRealmOptions): RealmItem {
  return {
    ...options.record,
    realm: names.realm,
    s3_payloads: `s3://${bucket}/${options.payloadsPrefix ?? 'payloads'}`,
    s3_temp: `s3://${bucket}/${options.tempPrefix ?? 'tmp'}`,
  };
}

/**
 * Idempotently create every resource of a realm : the realms table and
 * the seven realm tables (ACTIVE, TTL on), the bus and its rules, the service queues with DLQs
 * and policies, the dispatch topic subscribed by the dispatch queue, the bucket with EventBridge notifications, and the realm record. Existing
 * resources are left as they are, so it is safe to re-run and to run concurrently.
 *
 * @example
 * const { steps } = await provisionRealm(clients, 'acme');
 */
export async function provisionRealm(
  clients: AwsClients,
  realm: string,
  options: ProvisionRealmOptions = {},
): Promise<ProvisionRealmResult> {
  const names = realmNames(realm);
  const bucket = options.bucket ?? names.bucket;
  const settings = { ...DEFAULT_SERVICE_QUEUE, ...options.serviceQueue };
  const [tableSteps, routeSteps, bucketStep] = await Promise.all([
    ensureTables(clients, names, options.poll),
    ensureRouting(clients, names, settings),
    ensureBucket(clients.s3, bucket, clients.config.region, [
      options.payloadsPrefix ?? 'payloads',
      options.tempPrefix ?? 'tmp',
    ]),
  ]);
  const realms = new RealmsRepository(clients.dynamo, names.tables.realms);
  const created = await realms.createIfAbsent(newRecord(names, bucket, options));
  const record = (await realms.get(realm, true)) ?? newRecord(names, bucket, options);
  const recordStep: ProvisionStep = {
    kind: 'record',
    name: `${names.tables.realms}/${realm}`,
    action: created ? 'created' : 'exists',
  };
  return { names, record, steps: [...tableSteps, ...routeSteps, bucketStep, recordStep] };
}
