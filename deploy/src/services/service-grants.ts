import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag-acknowledgements';
import type { RealmStack } from '../realm-stack';
import { PAYLOADS_PREFIX, TEMP_PREFIX } from '../realm/realm-storage.construct';
import { TABLE_INDEXES } from '@lava/core';

/**
 * Least-privilege grants per service. Each function lists exactly the AWS calls its service's
 * composition makes (services/<name>/src/*.composition.ts and the @lava/aws adapters it wires);
 * anything not granted here is denied by default. The secrets broker is the only role given the
 * realm's SSM path and Secrets Manager prefix.
 */

/** Reserved `state_id` prefixes of the realm state table (see libs/aws and services/dispatcher). */
export const STATE_PREFIXES = {
  lease: 'lava.lease/',
  dispatchClaim: 'lava.dispatch/',
  run: 'lava.run/',
  fleet: 'lava.fleet/',
  fleetChild: 'lava.fleet-child/',
  pause: 'lava.paused/',
} as const;

/**
 * Item-level access to one table, optionally only to items whose partition key starts with one
 * of `prefixes` (`dynamodb:LeadingKeys`). KMS permissions follow CDK's own table grants: decrypt
 * for reads, encrypt/decrypt when any write action is present.
 */
function grantItems(
  role: iam.IGrantable,
  table: dynamodb.ITable,
  actions: string[],
  prefixes?: string[],
): void {
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: actions.map((a) => `dynamodb:${a}`),
      resources: [table.tableArn],
      conditions: prefixes
        ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) } }
        : undefined,
    }),
  );
  const writes = actions.some(
    (a) => !['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ConditionCheckItem', 'DescribeTable'].includes(a),
  );
  if (writes) grantKeyEncryptDecrypt(role, table.encryptionKey);
  else table.encryptionKey?.grantDecrypt(role);
}

/** Encrypt/decrypt with one of the realm's keys (a table's or the bucket's CMK). */
function grantKeyEncryptDecrypt(
  role: iam.IGrantable,
  key: { grantEncryptDecrypt(g: iam.IGrantable): iam.Grant } | undefined,
): void {
  if (!key) return;
  key.grantEncryptDecrypt(role);
  for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
    acknowledge(
      role.grantPrincipal as unknown as IConstruct,
      `AwsSolutions-IAM5[Action::${action}]`,
      `${action} is the action family AWS documents for writing through a KMS-encrypted DynamoDB table or S3 object (DynamoDB and S3 pick ReEncryptFrom/To and GenerateDataKey[WithoutPlaintext] themselves); the statement names one realm key, not '*'.`,
    );
  }
}

/** Job records: item reads on the jobs table, and queries of its dispatcher index only. */
function grantJobReads(role: iam.IGrantable, realm: RealmStack): void {
  const jobs = realm.tables.byKind.jobs;
  grantItems(role, jobs, ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ConditionCheckItem', 'DescribeTable']);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [`${jobs.tableArn}/index/${TABLE_INDEXES.jobsByDispatcher}`],
    }),
  );
}

/** Scheduler: reads jobs (dispatcher-index), holds per-dispatcher leases, puts Dispatch Requested. */
export function grantScheduler(role: iam.IGrantable, realm: RealmStack): void {
  grantJobReads(role, realm);
  // DynamoLeaseStore: conditional UpdateItem and consistent GetItem of `lava.lease/<dispatcher>`.
  grantItems(role, realm.tables.byKind.state, ['GetItem', 'UpdateItem'], [STATE_PREFIXES.lease]);
  // PausedFireSink: a consistent GetItem of `lava.paused/<dispatcher>` per dispatcher it fires for.
  grantItems(role, realm.tables.byKind.state, ['GetItem'], [STATE_PREFIXES.pause]);
  realm.messaging.bus.grantPutEventsTo(role);
}

/**
 * Dispatcher: consumes the dispatch queue (and sends long delays back to it as hops) and the
 * trigger queue (s3events: S3 and rule-trigger events, matched against s3triggers and rules), claims
 * idempotency keys, signs run grants, sends runs to worker queues and publishes run events.
 */
export function grantDispatcher(role: iam.IGrantable, realm: RealmStack): void {
  const { tables, messaging } = realm;
  grantItems(role, tables.realms, ['GetItem']);
  grantJobReads(role, realm);
  // DispatchClaims: conditional PutItem and consistent GetItem of `lava.dispatch/<key>` only.
  grantItems(role, tables.byKind.state, ['GetItem', 'PutItem'], [STATE_PREFIXES.dispatchClaim]);
  // A fleet-mode parent is sent again only when its fleet record (`lava.fleet/<run_id>`) is final.
  grantItems(role, tables.byKind.state, ['GetItem'], [STATE_PREFIXES.fleet]);
  const dispatch = messaging.serviceQueues.dispatch.queue;
  dispatch.grantConsumeMessages(role);
  dispatch.grantSendMessages(role);
  // Trigger consumer: S3 and rule-trigger events; looks up s3triggers (s3trigger-index) and rules.
  messaging.serviceQueues.s3events.queue.grantConsumeMessages(role);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [`${tables.byKind.s3triggers.tableArn}/index/s3trigger-index`],
    }),
  );
  tables.byKind.s3triggers.encryptionKey?.grantDecrypt(role);
  grantItems(role, tables.byKind.rules, ['GetItem']);
  for (const { queue } of messaging.workerQueues.values()) queue.grantSendMessages(role);
  messaging.bus.grantPutEventsTo(role);
  // GrantKeySource: reads `lava/<realm>/_grant-keys`, creating it at first boot when absent. That
  // one secret name only (`-??????` is the suffix Secrets Manager appends), never the realm
  // prefix. Created without a KMS key id, so it uses the AWS managed key.
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'GrantKeyring',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret'],
      resources: [secretArn(realm, `${realm.names.grantKeysSecret}-??????`)],
    }),
  );
}

/**
 * Worker of one fleet: its own queue, the run ledger and state actions in the state table, job
 * and realm reads, payloads and run outputs in the bucket, run events, and notices.
 */
export function grantWorker(role: iam.IGrantable, realm: RealmStack, fleet: string): void {
  const { tables, messaging, storage } = realm;
  const own = messaging.workerQueues.get(fleet);
  if (!own) throw new Error(`no queue for worker fleet "${fleet}"`);
  own.queue.grantConsumeMessages(role);
  grantItems(role, tables.realms, ['GetItem']);
  grantJobReads(role, realm);
  // DynamoRunLedger (`lava.run/<run_id>`: UpdateItem, GetItem) and the state actions
  // (StateRepository: PutItem, GetItem, DeleteItem on any state_id a job names).
  grantItems(role, tables.byKind.state, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
  // Payloads are read; run outputs (`<s3_temp>/<job_id>/<run_id>/...`) are written and read back.
  const payloads = storage.bucket.arnForObjects(`${PAYLOADS_PREFIX}/*`);
  const outputs = storage.bucket.arnForObjects(`${TEMP_PREFIX}/*`);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'Payloads', actions: ['s3:GetObject'], resources: [payloads] }),
  );
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RunOutputs',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      resources: [outputs],
    }),
  );
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListRealmPrefixes',
      actions: ['s3:ListBucket'],
      resources: [storage.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${PAYLOADS_PREFIX}/*`, `${TEMP_PREFIX}/*`] } },
    }),
  );
  grantKeyEncryptDecrypt(role, storage.bucket.encryptionKey);
  const principal = role.grantPrincipal as unknown as IConstruct;
  acknowledgeWildcardResource(
    principal,
    payloads,
    `Object keys under ${PAYLOADS_PREFIX}/: a job's payload may be any object there, so the key is a prefix wildcard (read only).`,
  );
  acknowledgeWildcardResource(
    principal,
    outputs,
    `Run outputs under ${TEMP_PREFIX}/<job_id>/<run_id>/: run ids are minted per dispatch, so the key is a prefix wildcard within the realm bucket's output prefix.`,
  );
  messaging.bus.grantPutEventsTo(role);
  messaging.notices.grantPublish(role);
  // loadWorkerKey: the fleet's own broker-request signing key, created at first boot when absent.
  // That one secret name only; the broker reads it through its realm-prefix grant.
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WorkerKey',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret'],
      resources: [secretArn(realm, `${realm.names.workerKeySecret(fleet)}-??????`)],
    }),
  );
}

/** Options of the broker's grants that come from context (docs/deploy.md). */
export interface BrokerGrantOptions {
  /** IAM role ARN patterns `aws` connections may assume (`role_arn`); empty: none. */
  assumeRoleArns: string[];
  /** Resources of IAM database credentials (RDS auth tokens, Redshift, Redshift Serverless); empty: none. */
  dbCredentialArns: string[];
  /** Further KMS keys SecureStrings may be encrypted with (beyond the realm's secrets and sys keys). */
  secretKeyArns?: string[];
}

/**
 * Secrets broker: verifies grants against the keyring and the run ledger, resolves connections
 * from SSM and Secrets Manager (and STS for `aws` connections), publishes Secret Accessed/Denied.
 */
export function grantSecretsBroker(
  role: iam.IGrantable,
  realm: RealmStack,
  options: BrokerGrantOptions,
): void {
  const { tables, messaging, names } = realm;
  const stack = Stack.of(realm);
  tables.byKind.connections.grantReadData(role);
  // Job records: a grant's child jobs and templated conn_ids are checked against what they name.
  grantJobReads(role, realm);
  // LedgerRunStatus: refuses grants of runs not started or already finished (`lava.run/<run_id>`).
  grantItems(role, tables.byKind.state, ['GetItem'], [STATE_PREFIXES.run]);
  messaging.bus.grantPutEventsTo(role);
  const ssmPath = names.ssmPrefix.slice(1);
  const principal = role.grantPrincipal as unknown as IConstruct;
  const parameters = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${ssmPath}/*` });
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RealmParameters',
      actions: ['ssm:GetParameter'],
      resources: [parameters],
    }),
  );
  acknowledgeWildcardResource(
    principal,
    parameters,
    `Connection passwords are SecureString parameters operators add under ${names.ssmPrefix}/ at any time; the broker (the only role with this grant) reads them per run, after checking the run grant.`,
  );
  // Connection secrets and the grant keyring `lava/<realm>/_grant-keys`.
  const secrets = secretArn(realm, `${names.secretPrefix}/*`);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RealmSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secrets],
    }),
  );
  acknowledgeWildcardResource(
    principal,
    secrets,
    `Connection secrets operators add under ${names.secretPrefix}/ (and the grant keyring there); secret ARNs end in a random suffix, so no exact ARN can be named in advance.`,
  );
  grantDecryptVia(role, realm, options.secretKeyArns ?? [], 'ssm', 'secretsmanager');
  if (options.assumeRoleArns.length > 0) {
    // StsRoleAssumer passes session tags when a connection sets them: TagSession too.
    role.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ConnectionRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: options.assumeRoleArns,
      }),
    );
    for (const arn of options.assumeRoleArns.filter((a) => a.includes('*'))) {
      acknowledgeWildcardResource(
        principal,
        arn,
        `Role pattern ${arn} from the deploy context (brokerAssumeRoleArns): the operator names which roles \`aws\` connections may assume.`,
      );
    }
  }
  if (options.dbCredentialArns.length > 0) {
    // AwsIamTokens: passwords of IAM-authenticated database connections, minted per connection.
    role.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DatabaseCredentials',
        actions: ['rds-db:connect', 'redshift:GetClusterCredentials', 'redshift-serverless:GetCredentials'],
        resources: options.dbCredentialArns,
      }),
    );
  }
}

/** Audit logger: consumes the audit queue and folds run events into the events table. */
export function grantAuditLogger(role: iam.IGrantable, realm: RealmStack): void {
  realm.messaging.serviceQueues.audit.queue.grantConsumeMessages(role);
  // StartWatch: delayed start checks of runs sent to legacy_workers fleets go to its own queue.
  realm.messaging.serviceQueues.audit.queue.grantSendMessages(role);
  // RunHistoryStore: GetItem and UpdateItem of run and job items.
  grantItems(role, realm.tables.byKind.events, ['GetItem', 'UpdateItem']);
  // FleetCoordinator: fleet records and child links (`lava.fleet/`, `lava.fleet-child/` state
  // items only), and `Dispatch Requested` for the next children and for a parent to resume (the
  // dispatcher stays the only sender to worker queues).
  grantItems(
    role,
    realm.tables.byKind.state,
    ['GetItem', 'PutItem'],
    [STATE_PREFIXES.fleet, STATE_PREFIXES.fleetChild],
  );
  realm.messaging.bus.grantPutEventsTo(role);
}

/**
 * kms:Decrypt on the secrets key, the sys key (the original Lava encrypted connection secrets with
 * `alias/lava-<realm>-sys`, so a migrated realm's parameters keep working) and `extraKeys`, only
 * when a named AWS service decrypts on the role's behalf. Written as a principal policy: a
 * key-policy grant would make the realm stack depend on this one.
 */
function grantDecryptVia(
  role: iam.IGrantable,
  realm: RealmStack,
  extraKeys: string[],
  ...services: string[]
): void {
  const stack = Stack.of(realm);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SecretsKeyDecrypt',
      actions: ['kms:Decrypt'],
      resources: [realm.keys.secrets.keyArn, realm.keys.sys.keyArn, ...extraKeys],
      conditions: {
        StringEquals: { 'kms:ViaService': services.map((s) => `${s}.${stack.region}.amazonaws.com`) },
      },
    }),
  );
}

function secretArn(realm: RealmStack, resourceName: string): string {
  return Stack.of(realm).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** State-table prefixes of the API's operator records (libs/aws operator-records.repository). */
export const API_STATE_PREFIXES = ['lava.api-token/', STATE_PREFIXES.pause] as const;

/**
 * HTTP API: reads jobs, runs (events table and its time index), triggers, rules, queue depths and
 * run outputs; checks API tokens; pauses and resumes dispatchers; publishes Dispatch Requested
 * and operator events. It reads no secret and consumes no queue.
 */
export function grantApi(role: iam.IGrantable, realm: RealmStack): void {
  const { tables, messaging, storage, names } = realm;
  const stack = Stack.of(realm);
  const principal = role.grantPrincipal as unknown as IConstruct;
  grantItems(role, tables.realms, ['GetItem']);
  grantJobReads(role, realm);
  const events = tables.byKind.events;
  grantItems(role, events, ['GetItem', 'Query', 'Scan']);
  grantIndexQuery(role, events, TABLE_INDEXES.eventsByTime);
  grantItems(role, tables.byKind.s3triggers, ['GetItem', 'Query', 'Scan']);
  grantIndexQuery(role, tables.byKind.s3triggers, TABLE_INDEXES.s3triggersByBucketPrefix);
  grantItems(role, tables.byKind.rules, ['GetItem', 'Scan']);
  // Tokens (GetItem) and dispatcher pauses (PutItem, DeleteItem) by key prefix; listing pauses is
  // a filtered Scan, which carries no leading key and so cannot be narrowed by prefix.
  grantItems(role, tables.byKind.state, ['GetItem', 'PutItem', 'DeleteItem'], [...API_STATE_PREFIXES]);
  grantItems(role, tables.byKind.state, ['Scan']);
  // A fleet-mode foreach or dag run's page shows its child runs from its fleet record.
  grantItems(role, tables.byKind.state, ['GetItem'], [STATE_PREFIXES.fleet]);
  // Queue page: ListQueues (whose resource is the account's queue namespace, `<account>:*`) and
  // the counts of every realm queue.
  const account = stack.formatArn({ service: 'sqs', resource: '*' });
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'ListQueues', actions: ['sqs:ListQueues'], resources: [account] }),
  );
  const queues = stack.formatArn({ service: 'sqs', resource: `lava-${names.realm}-*` });
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'QueueDepths', actions: ['sqs:GetQueueAttributes'], resources: [queues] }),
  );
  acknowledgeWildcardResource(
    principal,
    account,
    'sqs:ListQueues is granted on the account and region queue namespace (its only resource); the API lists only `lava-<realm>-*` names (QueueNamePrefix).',
  );
  acknowledgeWildcardResource(
    principal,
    queues,
    'Queue counts of every queue of the realm (fleets are added by configuration): attributes only, no message access.',
  );
  const outputs = storage.bucket.arnForObjects(`${TEMP_PREFIX}/*`);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'RunOutputs', actions: ['s3:GetObject'], resources: [outputs] }),
  );
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListRunOutputs',
      actions: ['s3:ListBucket'],
      resources: [storage.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${TEMP_PREFIX}/*`] } },
    }),
  );
  storage.bucket.encryptionKey?.grantDecrypt(role);
  acknowledgeWildcardResource(
    principal,
    outputs,
    `Run outputs under ${TEMP_PREFIX}/<job_id>/<run_id>/, read for the run page (read only).`,
  );
  messaging.bus.grantPutEventsTo(role);
}

function grantIndexQuery(role: iam.IGrantable, table: dynamodb.ITable, index: string): void {
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${index}`] }),
  );
}
