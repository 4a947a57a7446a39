import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

jest.setTimeout(30_000);
describe('DynamoDB TransactWriteItems (all or nothing, conditions, cancellation reasons)', () => {
  const aws = useAwsEndpoint();
  let ddb: DynamoDBClient;
  let TableName: string;
  const key = (pk: string) => ({ pk: { S: pk } });
  const get = async (pk: string) =>
    (await ddb.send(new GetItemCommand({ TableName, Key: key(pk), ConsistentRead: true }))).Item;

  beforeAll(async () => {
    ddb = new DynamoDBClient(awsClientConfig(aws.url()));
    TableName = uniqueName('txn');
    await ddb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await ddb.send(new PutItemCommand({ TableName, Item: { ...key('taken'), n: { N: '1' } } }));
  });
  afterAll(() => ddb.destroy());

  it('applies puts, updates, deletes and checks together when every condition holds', async () => {
    await ddb.send(new PutItemCommand({ TableName, Item: { ...key('gone'), n: { N: '0' } } }));
    await ddb.send(new PutItemCommand({ TableName, Item: { ...key('counter'), n: { N: '5' } } }));
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: { ...key('new'), v: { S: 'x' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName,
              Key: key('counter'),
              UpdateExpression: 'SET v = :v ADD n :one',
              ConditionExpression: 'n = :five',
              ExpressionAttributeValues: { ':v': { S: 'y' }, ':one': { N: '1' }, ':five': { N: '5' } },
            },
          },
          { Delete: { TableName, Key: key('gone') } },
          { ConditionCheck: { TableName, Key: key('taken'), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    expect(await get('new')).toEqual({ ...key('new'), v: { S: 'x' } });
    expect(await get('counter')).toEqual({ ...key('counter'), n: { N: '6' }, v: { S: 'y' } });
    expect(await get('gone')).toBeUndefined();
    expect(await get('taken')).toEqual({ ...key('taken'), n: { N: '1' } });
  });

  it('writes nothing when one condition fails, and names it (with the item when asked)', async () => {
    const err = await errorOf(() =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: { TableName, Item: { ...key('never') }, ConditionExpression: 'attribute_not_exists(pk)' },
            },
            {
              Update: {
                TableName,
                Key: key('taken'),
                UpdateExpression: 'SET n = :two',
                ConditionExpression: 'attribute_not_exists(pk)',
                ExpressionAttributeValues: { ':two': { N: '2' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              ConditionCheck: {
                TableName,
                Key: key('taken'.repeat(2)),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    const reasons = (err as TransactionCanceledException).CancellationReasons!;
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed']);
    expect(reasons[1]!.Item).toEqual({ ...key('taken'), n: { N: '1' } } as Record<string, AttributeValue>);
    expect(reasons[2]!.Item).toBeUndefined();
    expect(err.message).toContain('ConditionalCheckFailed');
    expect(await get('never')).toBeUndefined();
    expect(await get('taken')).toEqual({ ...key('taken'), n: { N: '1' } });
  });

  it('undoes earlier writes when a later update fails at apply time', async () => {
    await ddb.send(new PutItemCommand({ TableName, Item: { ...key('text'), n: { S: 'not a number' } } }));
    const err = await errorOf(() =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...key('undone') } } },
            {
              Update: {
                TableName,
                Key: key('text'),
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      ),
    );
    expect(err.name).toBe('TransactionCanceledException');
    expect((err as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ValidationError',
    ]);
    expect(await get('undone')).toBeUndefined();
  });

  it('refuses two actions on one item, an empty list and an unknown table', async () => {
    const twice = await errorOf(() =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: key('same') } },
            { Delete: { TableName, Key: key('same') } },
          ],
        }),
      ),
    );
    expect(twice.name).toBe('ValidationException');
    expect(await get('same')).toBeUndefined();
    const empty = await errorOf(() => ddb.send(new TransactWriteItemsCommand({ TransactItems: [] })));
    expect(empty.name).toBe('ValidationException');
    const missing = await errorOf(() =>
      ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: uniqueName('none'), Item: key('a') } }],
        }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('serialises with single-item writes: concurrent increments are all counted', async () => {
    await ddb.send(new PutItemCommand({ TableName, Item: { ...key('race'), n: { N: '0' } } }));
    const add = (pk: string) => ({
      Update: {
        TableName,
        Key: key(pk),
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? ddb.send(new TransactWriteItemsCommand({ TransactItems: [add('race'), add(`other-${i}`)] }))
          : ddb.send(new UpdateItemCommand(add('race').Update)),
      ),
    );
    expect((await get('race'))?.n).toEqual({ N: '20' });
  });
});
