import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readDeployConfig, RealmStack } from '../src';
import { ACCOUNT, IamEvaluator, REGION } from './iam-evaluator';
import { logicalId, synthesize } from './synth-fixture';

// One synthesis for the file (realm `acme`, fleets core and batch, image tag v1.2.3).
const { realm, services } = synthesize();
const ref = (type: string, props: Record<string, unknown>) => ({ Ref: logicalId(realm, type, props) });
const arn = (type: string, props: Record<string, unknown>) => ({
  'Fn::GetAtt': [logicalId(realm, type, props), 'Arn'],
});

describe('realm stack', () => {
  it('holds exactly the expected resources', () => {
    const expected: Record<string, number> = {
      'AWS::DynamoDB::Table': 7,
      'AWS::Events::EventBus': 1,
      'AWS::Events::Rule': 4,
      'AWS::SQS::Queue': 10,
      'AWS::SQS::QueuePolicy': 10,
      // The realm bucket and its access-log bucket.
      'AWS::S3::Bucket': 2,
      'AWS::KMS::Key': 3,
      'AWS::KMS::Alias': 3,
      'AWS::SNS::Topic': 2,
      'AWS::SNS::Subscription': 1,
      'AWS::IAM::ManagedPolicy': 1,
      'AWS::SSM::Parameter': 1,
      'AWS::SecretsManager::Secret': 0,
      'AWS::CloudWatch::Alarm': 6,
      'Custom::AWS': 1,
    };
    for (const [type, count] of Object.entries(expected)) realm.resourceCountIs(type, count);
  });

  it.each([
    ['lava.realms', 'realm', undefined],
    ['lava.acme.jobs', 'job_id', undefined],
    ['lava.acme.connections', 'conn_id', undefined],
    ['lava.acme.events', 'job_id', 'run_id'],
    ['lava.acme.s3triggers', 'trigger_id', undefined],
    ['lava.acme.state', 'state_id', undefined],
    ['lava.acme.rules', 'rule_id', undefined],
  ])('creates table %s with hash %s and range %s', (TableName, hash, range) => {
    const keys = [
      { AttributeName: hash, KeyType: 'HASH' },
      ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
    ];
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName,
      KeySchema: keys,
      BillingMode: 'PAY_PER_REQUEST',
    });
    realm.hasResource('AWS::DynamoDB::Table', { Properties: { TableName }, DeletionPolicy: 'Retain' });
  });

  it('gives jobs the dispatcher-index and s3triggers the s3trigger-index', () => {
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'lava.acme.jobs',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'dispatcher-index',
          KeySchema: [
            { AttributeName: 'dispatcher', KeyType: 'HASH' },
            { AttributeName: 'job_id', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: [
              'worker',
              'schedule',
              'type',
              'enabled',
              'timezone',
              'catchup',
              'x-lava-updated-at',
            ],
          },
        },
      ],
    });
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'lava.acme.s3triggers',
      GlobalSecondaryIndexes: [
        {
          IndexName: 's3trigger-index',
          KeySchema: [
            { AttributeName: 'bucket', KeyType: 'HASH' },
            { AttributeName: 'prefix', KeyType: 'RANGE' },
          ],
        },
      ],
    });
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'lava.acme.events',
      LocalSecondaryIndexes: [Match.objectLike({ IndexName: 'job_id-tu_event-index' })],
    });
  });

  it('sets TTL on events and state only, PITR everywhere but events, the sys key on realm tables', () => {
    for (const TableName of ['lava.acme.events', 'lava.acme.state']) {
      realm.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      });
    }
    for (const TableName of [
      'lava.realms',
      'lava.acme.jobs',
      'lava.acme.connections',
      'lava.acme.s3triggers',
    ]) {
      realm.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName,
        TimeToLiveSpecification: Match.absent(),
      });
    }
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'lava.acme.events',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    const sysKey = arn('AWS::KMS::Key', { Description: 'Lava realm acme: tables, queues and topic' });
    realm.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'lava.acme.jobs',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: sysKey },
    });
  });

  it('creates the bus and routes Dispatch Requested, lava.* events and S3 events to their queues', () => {
    realm.hasResourceProperties('AWS::Events::EventBus', { Name: 'lava-acme' });
    const bus = ref('AWS::Events::EventBus', { Name: 'lava-acme' });
    const route = (Name: string, EventPattern: object, queue: string, onBus: boolean) =>
      realm.hasResourceProperties('AWS::Events::Rule', {
        Name,
        EventBusName: onBus ? bus : Match.absent(),
        EventPattern,
        Targets: [
          Match.objectLike({
            Arn: arn('AWS::SQS::Queue', { QueueName: queue }),
            DeadLetterConfig: { Arn: arn('AWS::SQS::Queue', { QueueName: `${queue}-dlq` }) },
          }),
        ],
      });
    route('lava-acme-dispatch', { 'detail-type': ['Dispatch Requested'] }, 'lava-acme-dispatch', true);
    route('lava-acme-audit', { source: [{ prefix: 'lava.' }] }, 'lava-acme-audit', true);
    route(
      'lava-acme-s3events',
      { source: ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'] },
      'lava-acme-s3events',
      false,
    );
  });

  it.each([
    ['lava-acme-dispatch', 60, 345600, 5],
    ['lava-acme-audit', 60, 345600, 5],
    ['lava-acme-s3events', 60, 345600, 5],
    ['lava-acme-core', 300, 86400, 3],
    ['lava-acme-batch', 300, 86400, 5],
  ])(
    'creates queue %s (visibility %d s, retention %d s) with a KMS-encrypted DLQ after %d receives',
    (QueueName, vis, ret, max) => {
      const sysKey = arn('AWS::KMS::Key', { Description: 'Lava realm acme: tables, queues and topic' });
      realm.hasResourceProperties('AWS::SQS::Queue', {
        QueueName,
        VisibilityTimeout: vis,
        MessageRetentionPeriod: ret,
        KmsMasterKeyId: sysKey,
        RedrivePolicy: {
          deadLetterTargetArn: arn('AWS::SQS::Queue', { QueueName: `${QueueName}-dlq` }),
          maxReceiveCount: max,
        },
      });
      realm.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `${QueueName}-dlq`,
        MessageRetentionPeriod: 1209600,
        KmsMasterKeyId: sysKey,
      });
    },
  );

  it('lets EventBridge send to the queues (queue policy and key grant)', () => {
    realm.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref('AWS::SQS::Queue', { QueueName: 'lava-acme-dispatch' })],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
          }),
        ]),
      },
    });
    realm.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Lava realm acme: tables, queues and topic',
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })]),
      },
    });
  });

  it('creates three rotating KMS keys with realm aliases', () => {
    for (const alias of ['sys', 'user', 'secrets'])
      realm.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/lava-acme-${alias}` });
    expect(
      Object.keys(realm.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } })),
    ).toHaveLength(3);
  });

  it('creates a private, KMS-encrypted, EventBridge-enabled bucket whose run outputs expire', () => {
    realm.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: arn('AWS::KMS::Key', {
                Description: 'Lava realm acme: payloads and run outputs',
              }),
            },
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Prefix: 'tmp/', ExpirationInDays: 3, Status: 'Enabled' })],
      },
    });
    realm.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('creates the dispatch topic, delivered raw to the dispatch queue, which accepts it as a sender', () => {
    const topic = ref('AWS::SNS::Topic', { TopicName: 'lava-acme-dispatch' });
    realm.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'lava-acme-dispatch',
      KmsMasterKeyId: Match.anyValue(),
    });
    realm.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: topic,
      Protocol: 'sqs',
      RawMessageDelivery: true,
      Endpoint: arn('AWS::SQS::Queue', { QueueName: 'lava-acme-dispatch' }),
    });
    realm.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': topic } },
          }),
        ]),
      },
    });
  });

  it('lets only lava.<realm>.* rules on either bus send to the trigger queue besides the S3 rule', () => {
    const evaluator = new IamEvaluator(realm);
    const queueRef = logicalId(realm, 'AWS::SQS::Queue', { QueueName: 'lava-acme-s3events' });
    const policy = Object.values(realm.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => p.Properties.Queues[0].Ref === queueRef,
    )!;
    const statement = policy.Properties.PolicyDocument.Statement.find(
      (st: { Sid?: string }) => st.Sid === 'LavaRuleTriggers',
    );
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
    });
    expect(statement.Condition.ArnLike['aws:SourceArn'].map((a: unknown) => evaluator.resolve(a))).toEqual([
      `arn:aws:events:${REGION}:${ACCOUNT}:rule/lava.acme.*`,
      `arn:aws:events:${REGION}:${ACCOUNT}:rule/lava-acme/lava.acme.*`,
    ]);
  });

  it('creates the notices topic and the SSM path marker, and no secret values', () => {
    realm.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'lava-acme-notices',
      KmsMasterKeyId: Match.anyValue(),
    });
    realm.hasResourceProperties('AWS::SSM::Parameter', { Name: '/lava/acme/_realm', Type: 'String' });
    // The dispatcher creates the grant keyring at first boot; a template must never hold one.
    expect(JSON.stringify(realm.toJSON())).not.toContain('_grant-keys');
  });

  it('alarms on every DLQ and on Schedule Missed through the notices topic', () => {
    const notices = ref('AWS::SNS::Topic', { TopicName: 'lava-acme-notices' });
    for (const q of ['dispatch', 'audit', 's3events', 'core', 'batch']) {
      realm.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: {
              'Fn::GetAtt': [
                logicalId(realm, 'AWS::SQS::Queue', { QueueName: `lava-acme-${q}-dlq` }),
                'QueueName',
              ],
            },
          },
        ],
        Threshold: 1,
        AlarmActions: [notices],
      });
    }
    realm.hasResourceProperties('AWS::Events::Rule', {
      Name: 'lava-acme-schedule-missed',
      EventPattern: { source: ['lava.scheduler'], 'detail-type': ['Schedule Missed'] },
      Targets: [Match.objectLike({ Arn: notices })],
    });
    realm.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'MatchedEvents',
      Dimensions: Match.arrayWith([{ Name: 'RuleName', Value: 'lava-acme-schedule-missed' }]),
      AlarmActions: [notices],
    });
  });

  it('writes the realm record (s3_payloads, s3_temp, s3_key) without clobbering operator fields', () => {
    const record = Object.values(realm.findResources('Custom::AWS'))[0]!;
    const create = JSON.stringify(record.Properties.Create);
    expect(create).toContain('updateItem');
    expect(create).toContain('SET s3_payloads = :p, s3_temp = :t, s3_key = :k');
    expect(create).toContain('/payloads');
    expect(create).toContain('/tmp');
  });

  it('with createRealmsTable=false imports lava.realms instead of creating it', () => {
    const app = new App({ context: { realm: 'second', createRealmsTable: 'false' } });
    const config = readDeployConfig((k) => app.node.tryGetContext(k));
    const t = Template.fromStack(new RealmStack(app, 'R', { config }));
    t.resourceCountIs('AWS::DynamoDB::Table', 6);
    expect(
      Object.keys(t.findResources('AWS::DynamoDB::Table', { Properties: { TableName: 'lava.realms' } })),
    ).toEqual([]);
  });
});

describe('services stack', () => {
  const SERVICES = [
    'scheduler',
    'dispatcher',
    'audit-logger',
    'secrets-broker',
    'api',
    'worker-core',
    'worker-batch',
  ];

  it('holds one cluster, one Fargate service, task definition and log group per service and fleet', () => {
    services.resourceCountIs('AWS::ECS::Cluster', 1);
    services.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'lava-acme',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    for (const type of ['AWS::ECS::Service', 'AWS::ECS::TaskDefinition'])
      services.resourceCountIs(type, SERVICES.length);
    // One log group per service, plus the VPC flow logs.
    services.resourceCountIs('AWS::Logs::LogGroup', SERVICES.length + 1);
    services.resourceCountIs('AWS::EC2::FlowLog', 1);
    services.resourceCountIs('AWS::EC2::VPC', 1);
    services.resourceCountIs('AWS::ServiceDiscovery::PrivateDnsNamespace', 1);
    services.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    services.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
  });

  it.each([
    ['scheduler', 2],
    ['dispatcher', 2],
    ['audit-logger', 1],
    ['secrets-broker', 2],
    ['api', 2],
    ['worker-core', 1],
    ['worker-batch', 0],
  ])('runs %s on Fargate with %d tasks, rollback on failed deployments', (name, count) => {
    services.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: `lava-acme-${name}`,
      LaunchType: 'FARGATE',
      DesiredCount: count,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      }),
    });
  });

  it('runs more than one scheduler replica, serving the realm-named dispatcher by default', () => {
    const scheduler = Object.values(
      services.findResources('AWS::ECS::Service', { Properties: { ServiceName: 'lava-acme-scheduler' } }),
    )[0]!;
    expect(scheduler.Properties.DesiredCount).toBeGreaterThan(1);
    services.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'lava-acme-scheduler',
      ContainerDefinitions: [
        Match.objectLike({ Environment: Match.arrayWith([{ Name: 'LAVA_DISPATCHERS', Value: 'acme' }]) }),
      ],
    });
  });

  it.each(SERVICES)(
    'gives %s its own task role, image tag, health check, drain timeout and 30-day logs',
    (name) => {
      const service = name.startsWith('worker') ? 'worker' : name;
      const roleId = logicalId(services, 'AWS::IAM::Role', { RoleName: `lava-acme-${name}-task` });
      services.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: `lava-acme-${name}`,
        TaskRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: [
          Match.objectLike({
            Name: service,
            Image: `lava/${service}:v1.2.3`,
            StopTimeout: 120,
            HealthCheck: Match.objectLike({
              Command: ['CMD', 'node', '/app/healthcheck.js', '/health/live'],
            }),
            Environment: Match.arrayWith([
              { Name: 'LAVA_REALM', Value: 'acme' },
              { Name: 'LAVA_HEALTH_PORT', Value: '8080' },
              { Name: 'LAVA_DRAIN_SECONDS', Value: '110' },
            ]),
            LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
          }),
        ],
      });
      services.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/lava/acme/ecs/${name}`,
        RetentionInDays: 30,
      });
    },
  );

  it("alarms like the original's worker stack: queue depth per fleet (0 = none) and heartbeat loss", () => {
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'lava-acme-core-queue-depth',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(
      Object.keys(
        services.findResources('AWS::CloudWatch::Alarm', {
          Properties: { AlarmName: 'lava-acme-batch-queue-depth' },
        }),
      ),
    ).toEqual([]);
    for (const fleet of ['core', 'batch']) {
      services.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: `{ $.event_type = "heartbeat" && $.realm = "acme" && $.worker = "${fleet}" }`,
        MetricTransformations: [
          Match.objectLike({
            MetricNamespace: 'LogMetrics',
            MetricName: `lava-acme-${fleet}-heartbeat`,
            MetricValue: '1',
          }),
        ],
      });
      services.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `lava-acme-${fleet}-heartbeat`,
        Namespace: 'LogMetrics',
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [Match.anyValue()],
      });
    }
  });

  it('sizes each worker fleet from its own parameters and names its queue and concurrency', () => {
    const fleet = (name: string, cpu: string, memory: string, concurrency: string) =>
      services.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: `lava-acme-worker-${name}`,
        Cpu: cpu,
        Memory: memory,
        ContainerDefinitions: [
          Match.objectLike({
            Environment: Match.arrayWith([
              { Name: 'LAVA_WORKER', Value: name },
              { Name: 'LAVA_WORKER_CONCURRENCY', Value: concurrency },
              { Name: 'LAVA_BROKER_URL', Value: 'https://secrets-broker.acme.lava.internal:8081' },
            ]),
          }),
        ],
      });
    fleet('core', '1024', '2048', '16');
    fleet('batch', '4096', '8192', '4');
  });

  it.each([
    ['core', 1, 10, 32],
    ['batch', 0, 4, 4],
  ])('scales fleet %s between %d and %d tasks on backlog per task (target %d)', (name, min, max, target) => {
    services.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: min,
      MaxCapacity: max,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    });
    const policy = Object.values(
      services.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
        Properties: { PolicyName: `lava-acme-worker-${name}-backlog-per-task` },
      }),
    )[0]!;
    const config = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    expect(config.TargetValue).toBe(target);
    const metrics = config.CustomizedMetricSpecification.Metrics as any[];
    expect(metrics.find((m) => m.ReturnData).Expression).toBe(
      '(visible + inflight) / IF(tasks > 0, tasks, 1)',
    );
    expect(metrics.map((m) => m.MetricStat?.Metric.MetricName).filter(Boolean)).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesNotVisible',
      'RunningTaskCount',
    ]);
    expect(JSON.stringify(metrics)).toContain(
      logicalId(realm, 'AWS::SQS::Queue', { QueueName: `lava-acme-${name}` }),
    );
  });

  it('registers the broker in Cloud Map and admits only workers to its port', () => {
    services.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', {
      Name: 'acme.lava.internal',
    });
    services.hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'secrets-broker' });
    const ingress = Object.values(services.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 8081, ToPort: 8081 });
      expect(rule.Description).toMatch(/^workers of fleet (core|batch)$/);
    }
  });

  it('uses the per-service image tag override', () => {
    const { services: t } = synthesize({
      imageTags: JSON.stringify({ worker: 'w9' }),
      imageRegistry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/lava',
    });
    const images = Object.values(t.findResources('AWS::ECS::TaskDefinition')).map((r) =>
      JSON.stringify(r.Properties.ContainerDefinitions[0].Image),
    );
    expect(images.filter((i) => i.includes('lava/worker:w9'))).toHaveLength(2);
    expect(images.filter((i) => i.includes('lava/scheduler:v1.2.3'))).toHaveLength(1);
    expect(JSON.stringify(t.toJSON())).toContain('arn:aws:ecr:eu-west-1:123456789012:repository/lava/worker');
  });
});
