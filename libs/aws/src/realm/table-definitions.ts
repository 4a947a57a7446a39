import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { RealmNames } from './realm-names';
import { TABLE_INDEXES } from '@lava/core';

/** What a realm table needs beyond CreateTable: the TTL attribute, if any. */
export interface TableDefinition {
  input: CreateTableCommandInput;
  ttlAttribute?: string;
}

const S = 'S' as const;

function hashTable(name: string, key: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: key, AttributeType: S }],
    KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  };
}

/** `lava.realms`: one item per realm, shared by the account. */
export function realmsTable(names: RealmNames): TableDefinition {
  return { input: hashTable(names.tables.realms, 'realm') };
}

/**
 * The seven per-realm tables. Keys and index names match the original stacks so
 * existing tooling keeps working. The GSIs project ALL (the original projected only some
 * attributes of `dispatcher-index`) so the scheduler gets whole job records from one query.
 */
export function realmTables(names: RealmNames): TableDefinition[] {
  const t = names.tables;
  return [
    {
      input: {
        ...hashTable(t.jobs, 'job_id'),
        AttributeDefinitions: [
          { AttributeName: 'job_id', AttributeType: S },
          { AttributeName: 'dispatcher', AttributeType: S },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_INDEXES.jobsByDispatcher,
            KeySchema: [
              { AttributeName: 'dispatcher', KeyType: 'HASH' },
              { AttributeName: 'job_id', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    },
    { input: hashTable(t.connections, 'conn_id') },
    { input: eventsTable(t.events), ttlAttribute: 'ttl' },
    { input: triggersTable(t.s3triggers) },
    { input: hashTable(t.state, 'state_id'), ttlAttribute: 'ttl' },
    { input: hashTable(t.rules, 'rule_id') },
  ];
}

function eventsTable(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'job_id', AttributeType: S },
      { AttributeName: 'run_id', AttributeType: S },
      { AttributeName: 'tu_event', AttributeType: S },
    ],
    KeySchema: [
      { AttributeName: 'job_id', KeyType: 'HASH' },
      { AttributeName: 'run_id', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: TABLE_INDEXES.eventsByTime,
        KeySchema: [
          { AttributeName: 'job_id', KeyType: 'HASH' },
          { AttributeName: 'tu_event', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

function triggersTable(name: string): CreateTableCommandInput {
  return {
    ...hashTable(name, 'trigger_id'),
    AttributeDefinitions: [
      { AttributeName: 'trigger_id', AttributeType: S },
      { AttributeName: 'bucket', AttributeType: S },
      { AttributeName: 'prefix', AttributeType: S },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: TABLE_INDEXES.s3triggersByBucketPrefix,
        KeySchema: [
          { AttributeName: 'bucket', KeyType: 'HASH' },
          { AttributeName: 'prefix', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
