import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeRuleCommand, EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { startAwsLocal, type AwsLocalHandle } from '..';
import { awsClientConfig } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('--data-dir persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lava-aws-local-persist-'));
  let handle: AwsLocalHandle | undefined;
  afterAll(async () => {
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every service across a restart', async () => {
    handle = await startAwsLocal({ port: 0, dataDir: dir });
    let cfg = awsClientConfig(handle.url);
    const sqs = new SQSClient(cfg);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'persisted' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'survives' }));
    await new SSMClient(cfg).send(
      new PutParameterCommand({ Name: '/persist/p', Value: 'v', Type: 'String' }),
    );
    await new SecretsManagerClient(cfg).send(
      new CreateSecretCommand({ Name: 'persist-secret', SecretString: 's' }),
    );
    const { TopicArn } = await new SNSClient(cfg).send(new CreateTopicCommand({ Name: 'persist-topic' }));
    const ddb = new DynamoDBClient(cfg);
    await ddb.send(
      new CreateTableCommand({
        TableName: 'persist',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await ddb.send(new PutItemCommand({ TableName: 'persist', Item: { pk: { S: 'k' }, v: { S: 'kept' } } }));
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'persist-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'persist-bucket', Key: 'k', Body: 'object' }));
    await new EventBridgeClient(cfg).send(
      new PutRuleCommand({ Name: 'persist-rule', EventPattern: '{"source":["x"]}' }),
    );
    await handle.stop();

    handle = await startAwsLocal({ port: 0, dataDir: dir });
    cfg = awsClientConfig(handle.url);
    const sqs2 = new SQSClient(cfg);
    const url = (await sqs2.send(new GetQueueUrlCommand({ QueueName: 'persisted' }))).QueueUrl;
    expect((await sqs2.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.[0]?.Body).toBe(
      'survives',
    );
    expect(
      (await new SSMClient(cfg).send(new GetParameterCommand({ Name: '/persist/p' }))).Parameter?.Value,
    ).toBe('v');
    expect(
      (await new SecretsManagerClient(cfg).send(new GetSecretValueCommand({ SecretId: 'persist-secret' })))
        .SecretString,
    ).toBe('s');
    expect(
      (await new SNSClient(cfg).send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn),
    ).toContain(TopicArn);
    expect(
      (
        await new DynamoDBClient(cfg).send(
          new GetItemCommand({ TableName: 'persist', Key: { pk: { S: 'k' } } }),
        )
      ).Item?.v,
    ).toEqual({ S: 'kept' });
    const obj = await new S3Client({ ...cfg, forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: 'persist-bucket', Key: 'k' }),
    );
    expect(await obj.Body!.transformToString()).toBe('object');
    expect(
      (await new EventBridgeClient(cfg).send(new DescribeRuleCommand({ Name: 'persist-rule' }))).EventPattern,
    ).toBe('{"source":["x"]}');
  });

  it('counts the requests it served', () => {
    const stats = handle!.stats();
    expect(stats.requests).toBeGreaterThanOrEqual(7);
    expect(stats.byService).toMatchObject({
      sqs: 2,
      ssm: 1,
      secretsmanager: 1,
      sns: 1,
      dynamodb: 1,
      s3: 1,
      events: 1,
    });
  });

  it('stores parameters and secrets readable by the owner only (directories 0700, files 0600)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'lava-aws-local-perms-'));
    chmodSync(own, 0o755); // an existing, too-open data dir is tightened at start
    const perms = await startAwsLocal({ port: 0, dataDir: own });
    try {
      const cfg = awsClientConfig(perms.url);
      await new SSMClient(cfg).send(
        new PutParameterCommand({ Name: '/perm/p', Value: 'pv', Type: 'SecureString' }),
      );
      await new SecretsManagerClient(cfg).send(
        new CreateSecretCommand({ Name: 'perm-secret', SecretString: 'sv' }),
      );
      const mode = (p: string) => statSync(p).mode & 0o777;
      expect({ root: mode(own), state: mode(join(own, 'state')) }).toEqual({ root: 0o700, state: 0o700 });
      const files = readdirSync(join(own, 'state')).filter((f) => /^(ssm|secretsmanager)\.json$/.test(f));
      expect(files.sort()).toEqual(['secretsmanager.json', 'ssm.json']);
      for (const f of files) expect({ f, mode: mode(join(own, 'state', f)) }).toEqual({ f, mode: 0o600 });
    } finally {
      await perms.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
