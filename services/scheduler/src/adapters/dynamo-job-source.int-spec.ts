import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  createAwsClients,
  loadAwsConfig,
  provisionRealm,
  deleteRealm,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { TABLE_INDEXES } from '@lava/core';
import type { ItemPages, SchedulableItem } from '../engine/ports';
import { DynamoJobSource } from './dynamo-job-source';

const aws = useAwsEndpoint();
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

const jobs = [
  {
    job_id: 'a',
    type: 'cmd',
    worker: 'core',
    payload: 'true',
    dispatcher: 'main',
    schedule: '0 2 * * *',
    enabled: true,
    timezone: 'Australia/Sydney',
  },
  {
    job_id: 'b',
    type: 'lavasched',
    worker: 'core',
    payload: '--',
    dispatcher: 'main',
    schedule: '*/15 * * * *',
    enabled: true,
  },
  { job_id: 'c', type: 'cmd', worker: 'core', payload: 'true', dispatcher: 'main', enabled: true },
  {
    job_id: 'd',
    type: 'cmd',
    worker: 'core',
    payload: 'true',
    dispatcher: 'other',
    schedule: '0 3 * * *',
    enabled: true,
  },
];

describe('DynamoJobSource: the scheduling fields of a dispatcher, whatever the index projects', () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
  });
  afterAll(() => clients.destroy());

  /** Every page's items by job id (the source streams pages). */
  const byId = async (pages: ItemPages) => {
    const items: SchedulableItem[] = [];
    for await (const page of pages) items.push(...page);
    return Object.fromEntries(items.map((i) => [i.job_id, i]));
  };

  it("reads them from the index of this project's realm (projection ALL)", async () => {
    const realm = `s${letters(7)}`;
    await provisionRealm(clients, realm);
    try {
      for (const job of jobs)
        await clients.dynamo.send(new PutCommand({ TableName: realmNames(realm).tables.jobs, Item: job }));
      const items = await byId(new DynamoJobSource(clients.dynamo, realm).listByDispatcher('main'));
      expect(Object.keys(items).sort()).toEqual(['a', 'b', 'c']);
      expect(items.a).toMatchObject({ enabled: true, type: 'cmd', timezone: 'Australia/Sydney' });
    } finally {
      await deleteRealm(clients, realm, { deleteBucket: true });
    }
  }, 60_000);

  it('hands a large listing over in pages of at most 1,000 items, all of them once', async () => {
    const realm = `p${letters(7)}`;
    await provisionRealm(clients, realm);
    try {
      const table = realmNames(realm).tables.jobs;
      for (let i = 0; i < 1_500; i += 25) {
        const puts = Array.from({ length: 25 }, (_, k) => ({
          PutRequest: { Item: { ...jobs[0], job_id: `j${String(i + k).padStart(4, '0')}` } },
        }));
        await clients.dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: puts } }));
      }
      const sizes: number[] = [];
      const ids = new Set<string>();
      for await (const page of new DynamoJobSource(clients.dynamo, realm).listByDispatcher('main')) {
        sizes.push(page.length);
        for (const item of page) ids.add(item.job_id);
      }
      expect(sizes).toEqual([1_000, 500]);
      expect(ids.size).toBe(1_500);
      // A change scan hands over every page read, even one the filter emptied (its caller paces each).
      const changed: number[] = [];
      for await (const page of new DynamoJobSource(clients.dynamo, realm).changedSince(new Date()))
        changed.push(page.length);
      expect(changed).toEqual([0, 0]);
    } finally {
      await deleteRealm(clients, realm, { deleteBucket: true });
    }
  }, 60_000);

  it("reads them from the table when the index projects only the original's worker and schedule", async () => {
    const realm = `o${letters(7)}`;
    const table = realmNames(realm).tables.jobs;
    await clients.dynamoDb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'job_id', AttributeType: 'S' },
          { AttributeName: 'dispatcher', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_INDEXES.jobsByDispatcher,
            KeySchema: [
              { AttributeName: 'dispatcher', KeyType: 'HASH' },
              { AttributeName: 'job_id', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['worker', 'schedule'] },
          },
        ],
      }),
    );
    try {
      for (const job of jobs) await clients.dynamo.send(new PutCommand({ TableName: table, Item: job }));
      const items = await byId(new DynamoJobSource(clients.dynamo, realm).listByDispatcher('main'));
      // `c` has no schedule: not read. `enabled`, `type` and `timezone` come from the table.
      expect(Object.keys(items).sort()).toEqual(['a', 'b']);
      expect(items.a).toMatchObject({
        dispatcher: 'main',
        schedule: '0 2 * * *',
        enabled: true,
        type: 'cmd',
        timezone: 'Australia/Sydney',
      });
      expect(items.b).toMatchObject({ type: 'lavasched' });
    } finally {
      await clients.dynamoDb.send(new DeleteTableCommand({ TableName: table }));
    }
  });
});
