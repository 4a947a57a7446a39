import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { useAwsEndpoint, uniqueName } from '@lava/aws-local/testing';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { ConditionalWriteBatcher } from './conditional-write-batcher';

const aws = useAwsEndpoint();

describe('ConditionalWriteBatcher (local DynamoDB)', () => {
  let clients: AwsClients;
  let db: DynamoDBDocumentClient;
  const TableName = uniqueName('cwb');
  const requests = () => aws.local()?.stats().requests ?? 0;
  const put = (pk: string, n: number) => ({
    key: { pk },
    Put: { TableName, Item: { pk, n }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const read = async (pk: string) => (await db.send(new GetCommand({ TableName, Key: { pk } }))).Item;

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    db = clients.dynamo;
    await clients.dynamoDb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterAll(() => clients.destroy());

  it('gives each of many concurrent writes its own outcome, a failed condition with the old item', async () => {
    const writes = new ConditionalWriteBatcher(db);
    await writes.write(put('w-3', 0));
    const before = requests();
    const out = await Promise.all(Array.from({ length: 40 }, (_, i) => writes.write(put(`w-${i}`, i))));
    expect(out[3]).toEqual({ written: false, item: { pk: 'w-3', n: 0 } });
    expect(out.filter((o) => o.written)).toHaveLength(39);
    expect(await read('w-39')).toEqual({ pk: 'w-39', n: 39 });
    expect(await read('w-3')).toEqual({ pk: 'w-3', n: 0 });
    if (!aws.external) expect(requests() - before).toBeLessThan(10);
  });

  it('never puts two writes of one item in one transaction: the later one sees the earlier', async () => {
    const writes = new ConditionalWriteBatcher(db);
    const out = await Promise.all([
      writes.write(put('same', 1)),
      writes.write(put('same', 2)),
      writes.write(put('other', 3)),
    ]);
    expect(out.map((o) => o.written)).toEqual([true, false, true]);
    expect(await read('same')).toEqual({ pk: 'same', n: 1 });
  });

  it('answers a write the service refuses with its own error, the batch around it unharmed', async () => {
    const writes = new ConditionalWriteBatcher(db);
    const bad = writes.write({
      Update: {
        TableName,
        Key: { pk: 'bad' },
        UpdateExpression: 'SET #n = :v',
        ExpressionAttributeValues: { ':v': 1 },
      },
    });
    const good = writes.write(put('good', 1));
    await expect(bad).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(good).resolves.toEqual({ written: true });
  });
});
