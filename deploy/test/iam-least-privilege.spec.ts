import { ACCOUNT, IamEvaluator, REGION } from './iam-evaluator';
import { logicalId, synthesize } from './synth-fixture';

// Synthesized once for the file: every check below reads the same two templates.
const { realm, services } = synthesize();
const iam = new IamEvaluator(realm, services);
const arnOf = (type: string, props: Record<string, unknown>) => `arn:${logicalId(realm, type, props)}`;
const table = (name: string) => arnOf('AWS::DynamoDB::Table', { TableName: `lava.acme.${name}` });
const queue = (name: string) => arnOf('AWS::SQS::Queue', { QueueName: name });
// The realm bucket (the other bucket holds its access logs, SSE-S3).
const bucket = `arn:${Object.keys(realm.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('StorageBucket'))}`;
const bus = arnOf('AWS::Events::EventBus', { Name: 'lava-acme' });

const SSM_PARAM = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/lava/acme/warehouse/password`;
const SSM_PATH = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/lava/acme`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:lava/acme/warehouse-AbCdEf`;
const SSM_READ = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'];
const SECRET_READ = ['secretsmanager:GetSecretValue'];

const role = (service: string) => iam.roleNamed(`lava-acme-${service}-task`);
const broker = role('secrets-broker');
const dispatcher = role('dispatcher');
const workerCore = role('worker-core');
const workerBatch = role('worker-batch');
const others = iam.roles().filter((id) => id !== broker);

/** Roles among `roles` that may perform any of `actions` on `arn`. */
function offenders(roles: string[], actions: string[], arn: string): string[] {
  return roles.filter((id) => actions.some((a) => iam.can(id, a, arn)));
}

describe('realm secrets: only the secrets broker', () => {
  it('lets the broker read realm SSM parameters and secrets (positive control of the evaluator)', () => {
    expect(iam.can(broker, 'ssm:GetParameter', SSM_PARAM)).toBe(true);
    expect(iam.can(broker, 'secretsmanager:GetSecretValue', SECRET)).toBe(true);
    // AwsSecretResolver calls GetParameter only: no batch or path reads.
    expect(iam.can(broker, 'ssm:GetParametersByPath', SSM_PATH)).toBe(false);
    expect(iam.can(broker, 'ssm:GetParameters', SSM_PARAM)).toBe(false);
  });

  it('gives no other role (workers included) ssm:GetParameter* on /lava/acme/*', () => {
    expect(others.length).toBeGreaterThanOrEqual(10);
    expect(offenders(others, SSM_READ, SSM_PARAM)).toEqual([]);
    expect(offenders(others, SSM_READ, SSM_PATH)).toEqual([]);
  });

  it('gives no other role secretsmanager:GetSecretValue on lava/acme/*', () => {
    expect(offenders(others, SECRET_READ, SECRET)).toEqual([]);
  });

  it('scopes the broker to its own realm', () => {
    expect(iam.can(broker, 'ssm:GetParameter', SSM_PARAM.replace('/acme/', '/other/'))).toBe(false);
    expect(
      iam.can(broker, 'secretsmanager:GetSecretValue', SECRET.replace('lava/acme/', 'lava/other/')),
    ).toBe(false);
  });

  it('lets the dispatcher create and read the grant keyring secret and nothing else in Secrets Manager', () => {
    const keyring = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:lava/acme/_grant-keys-Xy12Zq`;
    for (const action of ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret']) {
      expect(iam.can(dispatcher, action, keyring)).toBe(true);
      expect(iam.can(dispatcher, action, SECRET)).toBe(false);
      expect(iam.can(dispatcher, action, keyring.replace('_grant-keys', '_grant-keys-extra'))).toBe(false);
    }
    const creators = iam.roles().filter((id) => iam.can(id, 'secretsmanager:CreateSecret', keyring));
    expect(creators).toEqual([dispatcher]);
  });

  it('lets only the broker decrypt with the secrets key, and only via SSM or Secrets Manager', () => {
    const secretsKey = arnOf('AWS::KMS::Key', { Description: 'Lava realm acme: connection secrets' });
    const decrypters = iam.roles().filter((id) => iam.can(id, 'kms:Decrypt', secretsKey));
    expect(decrypters).toEqual([broker]);
    for (const id of decrypters) {
      const statements = iam.statements(id).filter((s) => iam.resources(s).includes(secretsKey));
      for (const s of statements)
        expect((s as any).Condition?.StringEquals?.['kms:ViaService']).toBeDefined();
    }
  });

  it("lets the broker read SecureStrings under the sys key (the original's connection secrets), via SSM only", () => {
    const sysKey = arnOf('AWS::KMS::Key', { Description: 'Lava realm acme: tables, queues and topic' });
    expect(iam.can(broker, 'kms:Decrypt', sysKey)).toBe(true);
    const statements = iam
      .statements(broker)
      .filter((s) => iam.resources(s).includes(sysKey) && (s as any).Sid === 'SecretsKeyDecrypt');
    expect(statements).toHaveLength(1);
    expect((statements[0] as any).Condition.StringEquals['kms:ViaService']).toBeDefined();
  });
});

describe('workers: own queue, bucket prefixes, bus', () => {
  it('consume their own fleet queue only', () => {
    expect(iam.can(workerCore, 'sqs:ReceiveMessage', queue('lava-acme-core'))).toBe(true);
    expect(iam.can(workerCore, 'sqs:ChangeMessageVisibility', queue('lava-acme-core'))).toBe(true);
    expect(iam.can(workerCore, 'sqs:ReceiveMessage', queue('lava-acme-batch'))).toBe(false);
    expect(iam.can(workerBatch, 'sqs:ReceiveMessage', queue('lava-acme-core'))).toBe(false);
    for (const name of [
      'lava-acme-dispatch',
      'lava-acme-audit',
      'lava-acme-s3events',
      'lava-acme-core-dlq',
    ]) {
      expect(
        offenders([workerCore, workerBatch], ['sqs:ReceiveMessage', 'sqs:SendMessage'], queue(name)),
      ).toEqual([]);
    }
  });

  it('read payloads, write run outputs, and touch nothing else in the bucket', () => {
    expect(iam.can(workerCore, 's3:GetObject', `${bucket}/payloads/etl/run.sh`)).toBe(true);
    expect(iam.can(workerCore, 's3:PutObject', `${bucket}/tmp/acme/job/run/stdout`)).toBe(true);
    expect(iam.can(workerCore, 's3:PutObject', `${bucket}/payloads/etl/run.sh`)).toBe(false);
    expect(iam.can(workerCore, 's3:GetObject', `${bucket}/private/other.txt`)).toBe(false);
    expect(iam.can(workerCore, 's3:GetObject', 'arn:aws:s3:::someone-elses-bucket/x')).toBe(false);
  });

  it('publish on the realm bus only', () => {
    expect(iam.can(workerCore, 'events:PutEvents', bus)).toBe(true);
    expect(
      iam.can(workerCore, 'events:PutEvents', `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`),
    ).toBe(false);
  });

  it('cannot read connections (the broker resolves them) nor write jobs', () => {
    expect(iam.can(workerCore, 'dynamodb:GetItem', table('connections'))).toBe(false);
    expect(iam.can(workerCore, 'dynamodb:PutItem', table('jobs'))).toBe(false);
  });
});

describe('the other services', () => {
  it('only the dispatcher sends to worker queues', () => {
    for (const name of ['lava-acme-core', 'lava-acme-batch']) {
      expect(iam.roles().filter((id) => iam.can(id, 'sqs:SendMessage', queue(name)))).toEqual([dispatcher]);
    }
  });

  it('only the audit logger writes run history', () => {
    const writers = iam
      .roles()
      .filter((id) =>
        ['dynamodb:PutItem', 'dynamodb:UpdateItem'].some((a) => iam.can(id, a, table('events'))),
      );
    expect(writers).toEqual([role('audit-logger')]);
  });

  it('no service writes job definitions (the CLI does)', () => {
    expect(
      offenders(
        iam.roles(),
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        table('jobs'),
      ),
    ).toEqual([]);
  });

  it('the scheduler reads jobs through dispatcher-index and holds its lease in the state table', () => {
    const scheduler = role('scheduler');
    expect(iam.can(scheduler, 'dynamodb:Query', `${table('jobs')}/index/dispatcher-index`)).toBe(true);
    expect(iam.can(scheduler, 'dynamodb:UpdateItem', table('state'))).toBe(true);
    expect(iam.can(scheduler, 'sqs:SendMessage', queue('lava-acme-dispatch'))).toBe(false);
  });

  it('the audit logger consumes the audit queue and publishes on the realm bus only (fleet dispatches)', () => {
    const audit = role('audit-logger');
    expect(iam.can(audit, 'sqs:ReceiveMessage', queue('lava-acme-audit'))).toBe(true);
    expect(iam.can(audit, 'events:PutEvents', bus)).toBe(true);
    expect(iam.can(audit, 'events:PutEvents', `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`)).toBe(
      false,
    );
  });
});

describe('no broad grants', () => {
  it('has no Allow on Resource "*" and no wildcard-service actions in any role', () => {
    const broad = iam.roles().flatMap((id) =>
      iam
        .statements(id)
        .filter(
          (s) =>
            iam.resources(s).includes('*') || [s.Action].flat().some((a) => a === '*' || a.endsWith(':*')),
        )
        .map((s) => `${id}: ${JSON.stringify(s.Action)}`),
    );
    expect(broad).toEqual([]);
  });

  it('attaches no managed policy except basic Lambda logging to the two helper Lambdas', () => {
    const managed = iam.roles().flatMap((id) => iam.managedPolicies(id));
    expect(managed).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });
});
