import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements';
import type { FleetConfig } from '../config';
import type { ServiceQueueKind } from '@lava/core';
import type { DeployNames } from '../naming';

/** A work queue and the dead-letter queue that bounds its poison messages. */
export interface QueuePair {
  /** Physical name of the work queue (the DLQ adds `-dlq`). */
  name: string;
  queue: sqs.Queue;
  dlq: sqs.Queue;
}

export interface RealmMessagingProps {
  names: DeployNames;
  key: kms.IKey;
  fleets: FleetConfig[];
}

/** Bus, queues with DLQs, routing rules and the notices topic of one realm. */
export class RealmMessaging extends Construct {
  readonly bus: events.EventBus;
  readonly serviceQueues: Record<ServiceQueueKind, QueuePair>;
  readonly workerQueues: Map<string, QueuePair>;
  readonly notices: sns.Topic;
  /** `lava-<realm>-dispatch`: external senders that cannot call PutEvents publish requests here. */
  readonly dispatchTopic: sns.Topic;
  /** Managed policy to attach to such senders: `sns:Publish` on the dispatch topic, nothing else. */
  readonly dispatchPublisher: iam.ManagedPolicy;
  readonly scheduleMissedRule: events.Rule;
  /** Literal name of {@link scheduleMissedRule}: its Ref is `bus|rule` on a custom bus. */
  readonly scheduleMissedRuleName: string;

  constructor(scope: Construct, id: string, props: RealmMessagingProps) {
    super(scope, id);
    const { names, key } = props;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: names.bus });
    this.notices = new sns.Topic(this, 'Notices', {
      topicName: names.noticesTopic,
      masterKey: key,
      enforceSSL: true,
    });
    // EventBridge and CloudWatch alarms publish to the encrypted topics and queues; SNS delivers
    // dispatch-topic messages to the encrypted dispatch queue.
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'sns.amazonaws.com']) {
      key.grant(new iam.ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
    }
    const pair = (
      kind: string,
      name: string,
      visibility: Duration,
      retention: Duration,
      maxReceiveCount: number,
    ) => queuePair(this, kind, names, name, key, visibility, retention, maxReceiveCount);
    this.serviceQueues = {
      dispatch: pair('Dispatch', names.serviceQueue('dispatch'), Duration.seconds(60), Duration.days(4), 5),
      audit: pair('Audit', names.serviceQueue('audit'), Duration.seconds(60), Duration.days(4), 5),
      s3events: pair('S3Events', names.serviceQueue('s3events'), Duration.seconds(60), Duration.days(4), 5),
    };
    // Workers heartbeat the visibility timeout while a job runs, so 5 minutes suffices even for
    // jobs of hours; retention is the reference's 1 day default.
    this.workerQueues = new Map(
      props.fleets.map((f) => [
        f.name,
        pair(
          `Worker-${f.name}`,
          names.workerQueue(f.name),
          Duration.minutes(5),
          Duration.days(1),
          f.maxReceiveCount,
        ),
      ]),
    );
    this.scheduleMissedRuleName = `${names.bus}-schedule-missed`;
    this.scheduleMissedRule = this.addRules(props);
    this.allowRuleTriggers(names);
    ({ topic: this.dispatchTopic, publisher: this.dispatchPublisher } = this.addDispatchTopic(names, key));
  }

  /**
   * Rule triggers (`lava rule put`) are EventBridge rules made at run time, named
   * `lava.<realm>.<rule_id>` on the realm bus or the default bus; only they may send to the
   * trigger queue besides the S3 events rule (confused-deputy guard by rule name).
   */
  private allowRuleTriggers(names: DeployNames): void {
    const stack = Stack.of(this);
    const rule = (name: string) =>
      stack.formatArn({ service: 'events', resource: 'rule', resourceName: name });
    this.serviceQueues.s3events.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LavaRuleTriggers',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.serviceQueues.s3events.queue.queueArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': [
              rule(`${names.triggerRulePrefix}*`),
              rule(`${names.bus}/${names.triggerRulePrefix}*`),
            ],
          },
        },
      }),
    );
  }

  /**
   * The dispatch topic (the original dispatch helper's SNS entry point), delivered raw to the
   * dispatch queue so a published body reaches the dispatcher exactly as sent. Nobody outside the
   * account may publish unless given the publisher policy.
   */
  private addDispatchTopic(
    names: DeployNames,
    key: kms.IKey,
  ): { topic: sns.Topic; publisher: iam.ManagedPolicy } {
    const topic = new sns.Topic(this, 'DispatchTopic', {
      topicName: names.dispatchTopic,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addSubscription(
      new subscriptions.SqsSubscription(this.serviceQueues.dispatch.queue, { rawMessageDelivery: true }),
    );
    const stack = Stack.of(this);
    const publisher = new iam.ManagedPolicy(this, 'DispatchPublisher', {
      managedPolicyName: `${names.dispatchTopic}-publisher`,
      description: `Publish dispatch requests to ${names.dispatchTopic} (and nothing else)`,
      statements: [
        new iam.PolicyStatement({
          sid: 'PublishDispatch',
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
        }),
        // The topic is encrypted with the realm key: publishing needs it, but only through SNS.
        new iam.PolicyStatement({
          sid: 'EncryptViaSns',
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
        }),
      ],
    });
    acknowledge(
      publisher,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'SNS documents kms:GenerateDataKey* for publishing to an encrypted topic; the statement names the realm key only and holds only through SNS (kms:ViaService).',
    );
    return { topic, publisher };
  }

  /** Every queue pair of the realm (service queues first, then worker fleets). */
  allQueues(): QueuePair[] {
    return [...Object.values(this.serviceQueues), ...this.workerQueues.values()];
  }

  private addRules(props: RealmMessagingProps): events.Rule {
    const { names } = props;
    const toQueue = (pair: QueuePair) => new targets.SqsQueue(pair.queue, { deadLetterQueue: pair.dlq });
    new events.Rule(this, 'DispatchRule', {
      ruleName: `${names.bus}-dispatch`,
      eventBus: this.bus,
      eventPattern: { detailType: ['Dispatch Requested'] },
      targets: [toQueue(this.serviceQueues.dispatch)],
    });
    new events.Rule(this, 'AuditRule', {
      ruleName: `${names.bus}-audit`,
      eventBus: this.bus,
      eventPattern: { source: events.Match.prefix('lava.') },
      targets: [toQueue(this.serviceQueues.audit)],
    });
    // S3 sends EventBridge notifications to the account's default bus, never to a custom one.
    // Not filtered by bucket (as libs/aws provisions it): the s3triggers table decides.
    new events.Rule(this, 'S3EventsRule', {
      ruleName: `${names.bus}-s3events`,
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created', 'Object Deleted'] },
      targets: [toQueue(this.serviceQueues.s3events)],
    });
    return new events.Rule(this, 'ScheduleMissedRule', {
      ruleName: this.scheduleMissedRuleName,
      eventBus: this.bus,
      eventPattern: { source: ['lava.scheduler'], detailType: ['Schedule Missed'] },
      targets: [new targets.SnsTopic(this.notices)],
    });
  }
}

function queuePair(
  scope: Construct,
  id: string,
  names: DeployNames,
  queueName: string,
  key: kms.IKey,
  visibilityTimeout: Duration,
  retentionPeriod: Duration,
  maxReceiveCount: number,
): QueuePair {
  const common = {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.DESTROY,
  };
  const dlq = new sqs.Queue(scope, `${id}Dlq`, {
    ...common,
    queueName: names.dlq(queueName),
    retentionPeriod: Duration.days(14),
  });
  const queue = new sqs.Queue(scope, `${id}Queue`, {
    ...common,
    queueName,
    visibilityTimeout,
    retentionPeriod,
    deadLetterQueue: { queue: dlq, maxReceiveCount },
  });
  return { name: queueName, queue, dlq };
}
