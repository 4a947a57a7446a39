import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements';
import { DISPATCHER_INDEX_FIELDS, REALMS_TABLE, TABLE_INDEXES, type TableKind } from '@lava/core';
import type { DeployNames } from '../naming';

const S = dynamodb.AttributeType.STRING;
const N = dynamodb.AttributeType.NUMBER;

/** The realm's six tables (`rules`: rule triggers) plus, once per account, `lava.realms` (keys and index names as in the original's stacks). */
export class RealmTables extends Construct {
  readonly realms: dynamodb.ITable;
  readonly byKind: Record<TableKind, dynamodb.Table>;

  constructor(scope: Construct, id: string, names: DeployNames, key: kms.IKey, createRealmsTable: boolean) {
    super(scope, id);
    this.realms = createRealmsTable
      ? new dynamodb.Table(this, 'Realms', {
          ...base(REALMS_TABLE, 'realm'),
          encryption: dynamodb.TableEncryption.AWS_MANAGED,
        })
      : dynamodb.Table.fromTableName(this, 'Realms', REALMS_TABLE);
    const cmk = { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key };
    const jobs = new dynamodb.Table(this, 'Jobs', { ...base(names.table('jobs'), 'job_id'), ...cmk });
    jobs.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.jobsByDispatcher,
      partitionKey: { name: 'dispatcher', type: S },
      sortKey: { name: 'job_id', type: S },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      // Every field the scheduler reads: a GSI query returns projected attributes only.
      nonKeyAttributes: [...DISPATCHER_INDEX_FIELDS],
    });
    const events = new dynamodb.Table(this, 'Events', {
      ...base(names.table('events'), 'job_id'),
      ...cmk,
      sortKey: { name: 'run_id', type: S },
      timeToLiveAttribute: 'ttl',
      // Run history is re-creatable and large; the reference leaves PITR off for it.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
    });
    acknowledge(
      events,
      'AwsSolutions-DDB3',
      'Run history only: items expire after LAVA_EVENT_TTL (2 days by default) and every run is also in the bucket outputs and CloudWatch logs; PITR would be billed on the largest, most-written table to restore data that expires anyway. Every other table has PITR on.',
    );
    events.addLocalSecondaryIndex({
      indexName: TABLE_INDEXES.eventsByTime,
      sortKey: { name: 'tu_event', type: N },
    });
    const s3triggers = new dynamodb.Table(this, 'S3Triggers', {
      ...base(names.table('s3triggers'), 'trigger_id'),
      ...cmk,
    });
    s3triggers.addGlobalSecondaryIndex({
      indexName: TABLE_INDEXES.s3triggersByBucketPrefix,
      partitionKey: { name: 'bucket', type: S },
      sortKey: { name: 'prefix', type: S },
    });
    this.byKind = {
      jobs,
      connections: new dynamodb.Table(this, 'Connections', {
        ...base(names.table('connections'), 'conn_id'),
        ...cmk,
      }),
      events,
      s3triggers,
      state: new dynamodb.Table(this, 'State', {
        ...base(names.table('state'), 'state_id'),
        ...cmk,
        timeToLiveAttribute: 'ttl',
      }),
      rules: new dynamodb.Table(this, 'Rules', { ...base(names.table('rules'), 'rule_id'), ...cmk }),
    };
  }
}

function base(tableName: string, hashKey: string): dynamodb.TableProps {
  return {
    tableName,
    partitionKey: { name: hashKey, type: S },
    // On-demand instead of the reference's provisioned 5/1 units: no capacity to tune per realm.
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
