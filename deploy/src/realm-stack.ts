import { acknowledge } from './nag-acknowledgements';
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { DeployNames } from './naming';
import { RealmAlarms } from './realm/realm-alarms.construct';
import { RealmKeys } from './realm/realm-keys.construct';
import { RealmMessaging } from './realm/realm-messaging.construct';
import { PAYLOADS_PREFIX, RealmStorage, TEMP_PREFIX } from './realm/realm-storage.construct';
import { RealmTables } from './realm/realm-tables.construct';

export interface RealmStackProps extends StackProps {
  config: DeployConfig;
}

/**
 * Everything a realm owns except compute: the resources `lava realm create` makes, plus KMS keys,
 * the notices topic and alarms. The services stack takes its references from here.
 */
export class RealmStack extends Stack {
  readonly names: DeployNames;
  readonly keys: RealmKeys;
  readonly tables: RealmTables;
  readonly messaging: RealmMessaging;
  readonly storage: RealmStorage;
  readonly alarms: RealmAlarms;

  constructor(scope: Construct, id: string, props: RealmStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.names = new DeployNames(config.realm);
    this.keys = new RealmKeys(this, 'Keys', config.realm);
    this.tables = new RealmTables(this, 'Tables', this.names, this.keys.sys, config.createRealmsTable);
    this.storage = new RealmStorage(this, 'Storage', {
      names: this.names,
      userKey: this.keys.user,
      tmpExpiryDays: config.tmpExpiryDays,
      bucketName: config.bucketName,
    });
    this.messaging = new RealmMessaging(this, 'Messaging', {
      names: this.names,
      key: this.keys.sys,
      fleets: config.fleets,
    });
    this.alarms = new RealmAlarms(this, 'Alarms', {
      realm: config.realm,
      queues: this.messaging.allQueues(),
      scheduleMissedRuleName: this.messaging.scheduleMissedRuleName,
      notices: this.messaging.notices,
    });
    this.addRealmRecord();
  }

  /**
   * Writes only the fields this stack owns into the realm record, so `config` and realm-wide
   * actions that operators added with the CLI survive a redeploy.
   */
  private addRealmRecord(): void {
    const call: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'updateItem',
      parameters: {
        TableName: this.tables.realms.tableName,
        Key: { realm: { S: this.names.realm } },
        UpdateExpression: 'SET s3_payloads = :p, s3_temp = :t, s3_key = :k',
        ExpressionAttributeValues: {
          ':p': { S: this.storage.s3Url(PAYLOADS_PREFIX) },
          ':t': { S: this.storage.s3Url(TEMP_PREFIX) },
          ':k': { S: this.keys.user.keyArn },
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of(`lava-realm-${this.names.realm}`),
    };
    new cr.AwsCustomResource(this, 'RealmRecord', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.tables.realms.tableArn] }),
      installLatestAwsSdk: false,
    });
    // Lambda functions aws-cdk-lib adds for the bucket's EventBridge notifications and the
    // realm-record custom resource: their roles come with the AWS-managed basic execution policy.
    for (const id of [
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
      'AWS679f53fac002430cb0da5b7982bd2287',
    ]) {
      const handler = this.node.tryFindChild(id);
      if (!handler) continue;
      acknowledge(
        handler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'aws-cdk-lib creates this deployment-time Lambda (S3 notification / custom resource handler) with AWSLambdaBasicExecutionRole, which allows only writing its own CloudWatch logs; the construct offers no way to swap the role.',
      );
    }
  }
}
