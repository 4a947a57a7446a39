import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RealmStack } from '../realm-stack';
import { PAYLOADS_PREFIX, TEMP_PREFIX } from '../realm/realm-storage.construct';

/**
 * Least-privilege grants per service. Each function lists everything its service may touch;
 * anything not granted here is denied by default. The secrets broker is the only role given
 * the realm's SSM path and Secrets Manager prefix.
 */
export function grantScheduler(role: iam.IGrantable, realm: RealmStack): void {
  realm.tables.realms.grantReadData(role);
  realm.tables.byKind.jobs.grantReadData(role);
  // The lease and the (job_id, scheduled time) fire keys live in the state table.
  realm.tables.byKind.state.grantReadWriteData(role);
  realm.messaging.bus.grantPutEventsTo(role);
}

export function grantDispatcher(role: iam.IGrantable, realm: RealmStack): void {
  const { tables, messaging } = realm;
  tables.realms.grantReadData(role);
  tables.byKind.jobs.grantReadData(role);
  tables.byKind.s3triggers.grantReadData(role);
  // Idempotency keys and delays beyond SQS's 15-minute cap.
  tables.byKind.state.grantReadWriteData(role);
  messaging.serviceQueues.dispatch.queue.grantConsumeMessages(role);
  messaging.serviceQueues.s3events.queue.grantConsumeMessages(role);
  for (const { queue } of messaging.workerQueues.values()) queue.grantSendMessages(role);
  messaging.bus.grantPutEventsTo(role);
  // Signs run grants with the keyring `lava/<realm>/_grant-keys`, which it creates at first boot
  // when absent: that one secret name only (`-??????` is the suffix Secrets Manager appends),
  // never the realm prefix. Created without a KMS key id, so it uses the AWS managed key.
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'GrantKeyring',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:CreateSecret'],
      resources: [
        Stack.of(realm).formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${realm.names.grantKeysSecret}-??????`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
}

/**
 * kms:Decrypt on the secrets key, only when a named AWS service decrypts on the role's behalf.
 * Written as a principal policy: a key-policy grant would make the realm stack depend on this one.
 */
function grantDecryptVia(role: iam.IGrantable, realm: RealmStack, ...services: string[]): void {
  const stack = Stack.of(realm);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SecretsKeyDecrypt',
      actions: ['kms:Decrypt'],
      resources: [realm.keys.secrets.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': services.map((s) => `${s}.${stack.region}.amazonaws.com`) } },
    }),
  );
}

export function grantWorker(role: iam.IGrantable, realm: RealmStack, fleet: string): void {
  const { tables, messaging, storage } = realm;
  const own = messaging.workerQueues.get(fleet);
  if (!own) throw new Error(`no queue for worker fleet "${fleet}"`);
  own.queue.grantConsumeMessages(role);
  tables.realms.grantReadData(role);
  tables.byKind.jobs.grantReadData(role);
  tables.byKind.events.grantReadData(role);
  tables.byKind.state.grantReadWriteData(role);
  storage.bucket.grantRead(role, `${PAYLOADS_PREFIX}/*`);
  storage.bucket.grantReadWrite(role, `${TEMP_PREFIX}/*`);
  messaging.bus.grantPutEventsTo(role);
  messaging.notices.grantPublish(role);
}

export function grantSecretsBroker(role: iam.IGrantable, realm: RealmStack): void {
  const { tables, messaging, names } = realm;
  const stack = Stack.of(realm);
  tables.realms.grantReadData(role);
  tables.byKind.connections.grantReadData(role);
  // Refuses grants replayed after their run finished.
  tables.byKind.events.grantReadData(role);
  messaging.bus.grantPutEventsTo(role);
  const ssmPath = names.ssmPrefix.slice(1);
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RealmParameters',
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      resources: [
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: ssmPath }),
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${ssmPath}/*` }),
      ],
    }),
  );
  role.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'RealmSecrets',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${names.secretPrefix}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }),
  );
  grantDecryptVia(role, realm, 'ssm', 'secretsmanager');
}

export function grantAuditLogger(role: iam.IGrantable, realm: RealmStack): void {
  const { tables, messaging } = realm;
  messaging.serviceQueues.audit.queue.grantConsumeMessages(role);
  tables.realms.grantReadData(role);
  tables.byKind.events.grantReadWriteData(role);
}
