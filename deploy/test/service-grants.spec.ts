import { ACCOUNT, IamEvaluator, REGION } from './iam-evaluator';
import { logicalId, synthesize } from './synth-fixture';

// Each task role against the AWS calls its service's composition actually makes
// (services/<name>/src/*.composition.ts and the @lava/aws adapters it wires).
const { realm, services } = synthesize();
const iam = new IamEvaluator(realm, services);
const arnOf = (type: string, props: Record<string, unknown>) => `arn:${logicalId(realm, type, props)}`;
const table = (name: string) => arnOf('AWS::DynamoDB::Table', { TableName: `lava.acme.${name}` });
const queue = (name: string) => arnOf('AWS::SQS::Queue', { QueueName: name });
const bus = arnOf('AWS::Events::EventBus', { Name: 'lava-acme' });
const role = (service: string) => iam.roleNamed(`lava-acme-${service}-task`);
const KEYRING = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:lava/acme/_grant-keys-Xy12Zq`;

/** `dynamodb:LeadingKeys` patterns of the role's statements that allow `action` on `tableArn`. */
function leadingKeys(roleId: string, action: string, tableArn: string): (string[] | undefined)[] {
  return iam
    .statements(roleId)
    .filter((s) => [s.Action].flat().includes(action) && iam.resources(s).includes(tableArn))
    .map((s) => (s as any).Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']);
}

describe('secrets broker task role', () => {
  const broker = role('secrets-broker');

  it('reads only run ledger items of the state table (lava.run/*), not the events table', () => {
    expect(iam.can(broker, 'dynamodb:GetItem', table('state'))).toBe(true);
    expect(leadingKeys(broker, 'dynamodb:GetItem', table('state'))).toEqual([['lava.run/*']]);
    expect(iam.can(broker, 'dynamodb:PutItem', table('state'))).toBe(false);
    expect(iam.can(broker, 'dynamodb:GetItem', table('events'))).toBe(false);
    expect(iam.can(broker, 'dynamodb:GetItem', table('connections'))).toBe(true);
    expect(iam.can(broker, 'dynamodb:GetItem', table('jobs'))).toBe(true);
    expect(iam.can(broker, 'dynamodb:PutItem', table('jobs'))).toBe(false);
  });

  it('reads the grant keyring and publishes Secret Accessed/Denied on the realm bus', () => {
    expect(iam.can(broker, 'secretsmanager:GetSecretValue', KEYRING)).toBe(true);
    expect(iam.can(broker, 'secretsmanager:CreateSecret', KEYRING)).toBe(false);
    expect(iam.can(broker, 'events:PutEvents', bus)).toBe(true);
  });

  it('assumes only connection roles named lava-<realm>-conn-* (with session tags)', () => {
    for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
      expect(iam.can(broker, action, 'arn:aws:iam::222233334444:role/lava-acme-conn-reports')).toBe(true);
      expect(iam.can(broker, action, 'arn:aws:iam::222233334444:role/lava-other-conn-reports')).toBe(false);
      expect(iam.can(broker, action, `arn:aws:iam::${ACCOUNT}:role/lava-acme-worker-core-task`)).toBe(false);
    }
    expect(
      iam
        .roles()
        .filter((id) => iam.can(id, 'sts:AssumeRole', 'arn:aws:iam::222233334444:role/lava-acme-conn-x')),
    ).toEqual([broker]);
  });

  it('mints IAM database credentials only for the configured resources, and only the broker', () => {
    const db = 'arn:aws:rds-db:us-east-1:222233334444:dbuser:db-ABC/etl';
    expect(iam.roles().filter((id) => iam.can(id, 'rds-db:connect', db))).toEqual([]);
    const custom = synthesize({ brokerDbCredentialArns: JSON.stringify([db]) });
    const customIam = new IamEvaluator(custom.realm, custom.services);
    const customBroker = customIam.roleNamed('lava-acme-secrets-broker-task');
    expect(customIam.roles().filter((id) => customIam.can(id, 'rds-db:connect', db))).toEqual([customBroker]);
    expect(
      customIam.can(
        customBroker,
        'rds-db:connect',
        'arn:aws:rds-db:us-east-1:222233334444:dbuser:db-ABC/admin',
      ),
    ).toBe(false);
    expect(() => synthesize({ brokerDbCredentialArns: '["*"]' })).toThrow('brokerDbCredentialArns');
  });

  it('takes the role patterns from context, and none at all with []', () => {
    const arns = ['arn:aws:iam::222233334444:role/etl/*'];
    const custom = synthesize({ brokerAssumeRoleArns: JSON.stringify(arns) });
    const customIam = new IamEvaluator(custom.realm, custom.services);
    const customBroker = customIam.roleNamed('lava-acme-secrets-broker-task');
    expect(customIam.can(customBroker, 'sts:AssumeRole', 'arn:aws:iam::222233334444:role/etl/loader')).toBe(
      true,
    );
    expect(
      customIam.can(customBroker, 'sts:AssumeRole', 'arn:aws:iam::222233334444:role/lava-acme-conn-x'),
    ).toBe(false);
    const none = synthesize({ brokerAssumeRoleArns: '[]' });
    const noneIam = new IamEvaluator(none.realm, none.services);
    const actions = noneIam.roles().flatMap((id) => noneIam.statements(id).flatMap((s) => [s.Action].flat()));
    expect(actions.filter((a) => a.startsWith('sts:'))).toEqual([]);
  });
});

describe('dispatcher task role', () => {
  const dispatcher = role('dispatcher');

  it('claims idempotency keys under lava.dispatch/* and reads fleet records of the state table, nothing else', () => {
    expect(leadingKeys(dispatcher, 'dynamodb:PutItem', table('state'))).toEqual([['lava.dispatch/*']]);
    expect(leadingKeys(dispatcher, 'dynamodb:GetItem', table('state'))).toEqual([
      ['lava.dispatch/*'],
      ['lava.fleet/*'],
    ]);
    expect(iam.can(dispatcher, 'dynamodb:DeleteItem', table('state'))).toBe(false);
  });

  it('consumes its queue and sends long-delay hops back to it, and sends to every worker queue', () => {
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']) {
      expect(iam.can(dispatcher, action, queue('lava-acme-dispatch'))).toBe(true);
    }
    for (const name of ['lava-acme-core', 'lava-acme-batch'])
      expect(iam.can(dispatcher, 'sqs:SendMessage', queue(name))).toBe(true);
    expect(iam.can(dispatcher, 'events:PutEvents', bus)).toBe(true);
  });

  it('consumes the trigger queue and reads s3triggers (by index) and rules, writing neither', () => {
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage'])
      expect(iam.can(dispatcher, action, queue('lava-acme-s3events'))).toBe(true);
    expect(iam.can(dispatcher, 'sqs:SendMessage', queue('lava-acme-s3events'))).toBe(false);
    expect(iam.can(dispatcher, 'dynamodb:Query', `${table('s3triggers')}/index/s3trigger-index`)).toBe(true);
    expect(iam.can(dispatcher, 'dynamodb:Scan', table('s3triggers'))).toBe(false);
    expect(iam.can(dispatcher, 'dynamodb:PutItem', table('s3triggers'))).toBe(false);
    expect(iam.can(dispatcher, 'dynamodb:GetItem', table('rules'))).toBe(true);
    expect(iam.can(dispatcher, 'dynamodb:PutItem', table('rules'))).toBe(false);
  });

  it('has nothing its code does not call: no DescribeSecret, no topic publishing', () => {
    expect(iam.can(dispatcher, 'secretsmanager:DescribeSecret', KEYRING)).toBe(false);
    expect(
      iam.can(
        dispatcher,
        'sns:Publish',
        `ref:${logicalId(realm, 'AWS::SNS::Topic', { TopicName: 'lava-acme-dispatch' })}`,
      ),
    ).toBe(false);
  });
});

describe('dispatch topic publisher policy', () => {
  const policy = Object.values(
    realm.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { ManagedPolicyName: 'lava-acme-dispatch-publisher' },
    }),
  )[0]!;
  const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;

  it('allows publishing to the dispatch topic and nothing else; the realm key only through SNS', () => {
    const topic = logicalId(realm, 'AWS::SNS::Topic', { TopicName: 'lava-acme-dispatch' });
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['PublishDispatch', 'sns:Publish'],
      ['EncryptViaSns', ['kms:GenerateDataKey*', 'kms:Decrypt']],
    ]);
    expect(statements[0]!.Resource).toEqual({ Ref: topic });
    expect(iam.resolve(statements[1]!.Condition.StringEquals['kms:ViaService'])).toBe(
      `sns.${REGION}.amazonaws.com`,
    );
  });

  it('is attached to no Lava role (operators attach it to external senders)', () => {
    const attached = iam
      .roles()
      .filter((id) => iam.managedPolicies(id).some((p) => p.includes('DispatchPublisher')));
    expect(attached).toEqual([]);
  });
});

describe('scheduler, worker and audit logger task roles', () => {
  it('scheduler: lease items (lava.lease/*) and reads of pause items (lava.paused/*) only, no scan, no realms table', () => {
    const scheduler = role('scheduler');
    expect(leadingKeys(scheduler, 'dynamodb:UpdateItem', table('state'))).toEqual([['lava.lease/*']]);
    expect(leadingKeys(scheduler, 'dynamodb:GetItem', table('state'))).toEqual([
      ['lava.lease/*'],
      ['lava.paused/*'],
    ]);
    expect(iam.can(scheduler, 'dynamodb:Scan', table('state'))).toBe(false);
    expect(iam.can(scheduler, 'dynamodb:PutItem', table('state'))).toBe(false);
    expect(iam.can(scheduler, 'events:PutEvents', bus)).toBe(true);
    expect(
      iam.can(scheduler, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111111111111:table/lava.realms'),
    ).toBe(false);
  });

  it('worker: run ledger and state actions, jobs reads, notices; not the events table', () => {
    const worker = role('worker-core');
    for (const action of ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'])
      expect(iam.can(worker, `dynamodb:${action}`, table('state'))).toBe(true);
    expect(iam.can(worker, 'dynamodb:Query', table('jobs'))).toBe(true);
    expect(iam.can(worker, 'dynamodb:GetItem', table('events'))).toBe(false);
    expect(
      iam.can(
        worker,
        'sns:Publish',
        `ref:${logicalId(realm, 'AWS::SNS::Topic', { TopicName: 'lava-acme-notices' })}`,
      ),
    ).toBe(true);
  });

  it('audit logger: get and update events items, fleet state items only, no realms or other tables', () => {
    const audit = role('audit-logger');
    expect(iam.can(audit, 'dynamodb:UpdateItem', table('events'))).toBe(true);
    expect(iam.can(audit, 'dynamodb:GetItem', table('events'))).toBe(true);
    expect(iam.can(audit, 'dynamodb:DeleteItem', table('events'))).toBe(false);
    // Fleet coordination: its records and child links only.
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem'])
      expect(leadingKeys(audit, action, table('state'))).toEqual([['lava.fleet/*', 'lava.fleet-child/*']]);
    expect(iam.can(audit, 'dynamodb:UpdateItem', table('state'))).toBe(false);
  });
});

describe('broker TLS material', () => {
  const TLS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:lava/acme/_broker-tls-AbCdEf`;
  const executionRole = (family: string) => {
    const def = Object.values(
      services.findResources('AWS::ECS::TaskDefinition', { Properties: { Family: family } }),
    )[0]!;
    return def.Properties.ExecutionRoleArn['Fn::GetAtt'][0] as string;
  };

  it('is read only by the broker (its execution role injects it; its task role holds lava/acme/*), never a worker', () => {
    expect(
      iam
        .roles()
        .filter((id) => iam.can(id, 'secretsmanager:GetSecretValue', TLS))
        .sort(),
    ).toEqual([executionRole('lava-acme-secrets-broker'), role('secrets-broker')].sort());
  });

  it('gives worker execution roles the CA parameter only', () => {
    const ca = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/lava-pki/acme/broker-ca`;
    const readers = iam.roles().filter((id) => iam.can(id, 'ssm:GetParameters', ca));
    expect(readers.sort()).toEqual(
      [executionRole('lava-acme-worker-core'), executionRole('lava-acme-worker-batch')].sort(),
    );
  });
});

describe('api task role', () => {
  const api = role('api');

  it('reads jobs, runs (and their time index), triggers and rules; writes none of them', () => {
    for (const name of ['jobs', 'events', 's3triggers', 'rules'])
      expect({ name, scan: iam.can(api, 'dynamodb:Scan', table(name)) }).toEqual({ name, scan: true });
    expect(iam.can(api, 'dynamodb:Query', `${table('events')}/index/job_id-tu_event-index`)).toBe(true);
    for (const name of ['jobs', 'events', 's3triggers', 'rules', 'connections'])
      expect({ name, put: iam.can(api, 'dynamodb:PutItem', table(name)) }).toEqual({ name, put: false });
    expect(iam.can(api, 'dynamodb:GetItem', table('connections'))).toBe(false);
  });

  it('checks tokens and pauses dispatchers only under their state prefixes', () => {
    expect(leadingKeys(api, 'dynamodb:PutItem', table('state'))).toEqual([
      ['lava.api-token/*', 'lava.paused/*'],
    ]);
    expect(leadingKeys(api, 'dynamodb:DeleteItem', table('state'))).toEqual([
      ['lava.api-token/*', 'lava.paused/*'],
    ]);
    expect(iam.can(api, 'dynamodb:UpdateItem', table('state'))).toBe(false);
    // reads fleet records (a fleet-mode run's child tree), never writes them
    expect(leadingKeys(api, 'dynamodb:GetItem', table('state'))).toEqual([
      ['lava.api-token/*', 'lava.paused/*'],
      ['lava.fleet/*'],
    ]);
  });

  it("lists the realm's queues and reads their counts, never their messages", () => {
    expect(iam.can(api, 'sqs:ListQueues', `arn:aws:sqs:${REGION}:${ACCOUNT}:*`)).toBe(true);
    expect(iam.can(api, 'sqs:GetQueueAttributes', `arn:aws:sqs:${REGION}:${ACCOUNT}:lava-acme-core`)).toBe(
      true,
    );
    expect(
      iam.can(api, 'sqs:GetQueueAttributes', `arn:aws:sqs:${REGION}:${ACCOUNT}:lava-acme-dispatch-dlq`),
    ).toBe(true);
    expect(iam.can(api, 'sqs:ReceiveMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:lava-acme-core`)).toBe(false);
    expect(iam.can(api, 'sqs:SendMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:lava-acme-dispatch`)).toBe(
      false,
    );
  });

  it('publishes on the realm bus and reads no secret', () => {
    expect(iam.can(api, 'events:PutEvents', bus)).toBe(true);
    expect(iam.can(api, 'secretsmanager:GetSecretValue', KEYRING)).toBe(false);
    expect(iam.can(api, 'ssm:GetParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/lava/acme/x`)).toBe(
      false,
    );
  });
});
