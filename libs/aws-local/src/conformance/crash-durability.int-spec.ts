import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from './support';

jest.setTimeout(120_000);

const BIN = resolve(__dirname, '../../bin/lava-aws-local.js');

/** The endpoint as its own process (as `npm start` runs it), so it can be SIGKILLed. */
async function startEndpoint(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`aws-local exited (${code}) before listening:\n${out}`)));
  });
  return { child, url };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function countMessages(sqs: SQSClient, QueueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes!.ApproximateNumberOfMessages) +
    Number(Attributes!.ApproximateNumberOfMessagesNotVisible) +
    Number(Attributes!.ApproximateNumberOfMessagesDelayed)
  );
}

describe('aws-local --data-dir: what was acknowledged survives SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lava-aws-local-crash-'));
  let endpoint: { child: ChildProcess; url: string } | undefined;
  afterAll(async () => {
    if (endpoint && endpoint.child.exitCode === null) await kill(endpoint.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('200 sends, 100 deletes, a PutEvents delivery and a DynamoDB write, killed at once, are all there after restart', async () => {
    endpoint = await startEndpoint(dir);
    let cfg = awsClientConfig(endpoint.url);
    let sqs = new SQSClient(cfg);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'crash-q' }));
    const { QueueUrl: busTarget } = await sqs.send(new CreateQueueCommand({ QueueName: 'crash-bus-target' }));
    const events = new EventBridgeClient(cfg);
    await events.send(
      new PutRuleCommand({ Name: 'crash-rule', EventPattern: JSON.stringify({ source: ['crash.test'] }) }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'crash-rule',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:crash-bus-target' }],
      }),
    );
    const ddb = new DynamoDBClient(cfg);
    await ddb.send(
      new CreateTableCommand({
        TableName: 'crash-t',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );

    for (let batch = 0; batch < 20; batch++) {
      const Entries = Array.from({ length: 10 }, (_, i) => ({
        Id: String(i),
        MessageBody: `m-${batch * 10 + i}`,
      }));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
      expect(out.Failed ?? []).toEqual([]);
    }
    let deleted = 0;
    while (deleted < 100) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: Math.min(10, 100 - deleted),
          VisibilityTimeout: 300,
        }),
      );
      const out = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      expect(out.Failed ?? []).toEqual([]);
      deleted += Messages.length;
    }
    const put = await events.send(
      new PutEventsCommand({
        Entries: [{ Source: 'crash.test', DetailType: 'Run', Detail: '{"run":"r1"}' }],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await ddb.send(
      new PutItemCommand({ TableName: 'crash-t', Item: { pk: { S: 'run/r1' }, status: { S: 'complete' } } }),
    );
    // Killed right after the last acknowledgement: no debounce window, no shutdown flush.
    await kill(endpoint.child);

    endpoint = await startEndpoint(dir);
    cfg = awsClientConfig(endpoint.url);
    sqs = new SQSClient(cfg);
    // The 100 received-and-deleted are gone for good; the other 100 are all there.
    expect(await countMessages(sqs, QueueUrl!)).toBe(100);
    expect(await countMessages(sqs, busTarget!)).toBe(1);
    const item = await new DynamoDBClient(cfg).send(
      new GetItemCommand({ TableName: 'crash-t', Key: { pk: { S: 'run/r1' } } }),
    );
    expect(item.Item?.status?.S).toBe('complete');
  });

  it('a garbage aws-chunked upload gets 400, not 500', async () => {
    endpoint ??= await startEndpoint(dir);
    const s3 = new S3Client({ ...awsClientConfig(endpoint.url), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'crash-chunked' }));
    const { status, body } = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const url = new URL('/crash-chunked/garbage.bin', endpoint!.url);
      const req = request(
        url,
        {
          method: 'PUT',
          headers: {
            'content-encoding': 'aws-chunked',
            'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
            'x-amz-decoded-content-length': '10',
            authorization:
              'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', fail);
      req.end('this is not aws-chunked framing at all');
    });
    expect(status).toBe(400);
    expect(body).toContain('<Code>IncompleteBody</Code>');
  });
});
