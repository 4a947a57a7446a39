import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { useAwsEndpoint } from '../testing';
import { pollUntil } from '@lava/errors';
import { awsClientConfig, createQueue, errorOf, rawJson, receiveOne } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('SQS messages', () => {
  const aws = useAwsEndpoint();
  const sqs = () => new SQSClient(awsClientConfig(aws.url()));

  it('returns the body MD5 (check 16)', async () => {
    const q = await createQueue(sqs(), 'md5');
    const sent = await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'msg' }));
    expect(sent.MD5OfMessageBody).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.MD5OfMessageAttributes).toBeUndefined();
  });

  it('returns the attribute MD5 AWS computes (check 17)', async () => {
    const q = await createQueue(sqs(), 'md5attr');
    const one = await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'msg',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
      }),
    );
    expect(one.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
    const three = await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'msg',
        MessageAttributes: {
          General: { DataType: 'String', StringValue: 'Kenobi' },
          Hello: { DataType: 'String', StringValue: 'There' },
          'Help.Me': { DataType: 'String', StringValue: 'Me' },
        },
      }),
    );
    expect(three.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
  });

  it('round-trips binary and number attributes (check 18)', async () => {
    const q = await createQueue(sqs(), 'binary');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const sent = await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'b',
        MessageAttributes: {
          blob: { DataType: 'Binary', BinaryValue: bytes },
          n: { DataType: 'Number.int', StringValue: '42' },
        },
      }),
    );
    const got = await receiveOne(sqs(), q.url, { MessageAttributeNames: ['All'] });
    expect(Buffer.from(got.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from(bytes));
    expect(got.MessageAttributes!.n).toEqual({ DataType: 'Number.int', StringValue: '42' });
    expect(got.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
  });

  it('requires a body (check 19)', async () => {
    const q = await createQueue(sqs(), 'empty');
    const err = await errorOf(() => sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: '' })));
    expect(err.Code).toBe('MissingParameter');
  });

  it('enforces MaximumMessageSize (check 20)', async () => {
    const q = await createQueue(sqs(), 'size');
    const big = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x'.repeat(1048577) })),
    );
    expect(big.Code).toBe('InvalidParameterValue');
    expect(big.message).toContain('shorter than 1048576 bytes');
    await sqs().send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { MaximumMessageSize: '1024' } }),
    );
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x'.repeat(1024) }));
    const over = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x'.repeat(1025) })),
    );
    expect(over.message).toContain('shorter than 1024 bytes');
  });

  it('rejects invalid characters (check 21)', async () => {
    const q = await createQueue(sqs(), 'chars');
    const err = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'a\u0000b' })),
    );
    expect(err.name).toBe('InvalidMessageContents');
  });

  it('rejects an attribute without a value, naming it (check 22)', async () => {
    const q = await createQueue(sqs(), 'attrval');
    const err = await errorOf(() =>
      sqs().send(
        new SendMessageCommand({
          QueueUrl: q.url,
          MessageBody: 'x',
          MessageAttributes: { emptyOne: { DataType: 'String', StringValue: '' } },
        }),
      ),
    );
    expect(err.Code).toBe('InvalidParameterValue');
    expect(err.message).toContain('emptyOne');
  });

  it('rejects DelaySeconds 901 (check 23)', async () => {
    const q = await createQueue(sqs(), 'delay901');
    const err = await errorOf(() =>
      sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x', DelaySeconds: 901 })),
    );
    expect(err.Code).toBe('InvalidParameterValue');
  });

  it('delays a message (check 24)', async () => {
    const q = await createQueue(sqs(), 'delay');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'later', DelaySeconds: 1 }));
    const now = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    expect(now.Messages).toBeUndefined();
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: q.url,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
    expect((await receiveOne(sqs(), q.url)).Body).toBe('later');
  });

  it('validates batches as a whole (check 25)', async () => {
    const q = await createQueue(sqs(), 'batchval');
    const entry = (Id: string) => ({ Id, MessageBody: 'x' });
    expect(
      (
        await errorOf(() =>
          sqs().send(
            new SendMessageBatchCommand({
              QueueUrl: q.url,
              Entries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)),
            }),
          ),
        )
      ).name,
    ).toBe('TooManyEntriesInBatchRequest');
    expect(
      (await errorOf(() => sqs().send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [] })))).name,
    ).toBe('EmptyBatchRequest');
    expect(
      (
        await errorOf(() =>
          sqs().send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [entry('a'), entry('a')] })),
        )
      ).name,
    ).toBe('BatchEntryIdsNotDistinct');
    expect(
      (
        await errorOf(() =>
          sqs().send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [entry('a b')] })),
        )
      ).name,
    ).toBe('InvalidBatchEntryId');
  });

  it('reports per-entry failures in a batch (check 26)', async () => {
    const q = await createQueue(sqs(), 'batchpart');
    const res = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'good', MessageBody: 'message-1' },
          { Id: 'bad', MessageBody: 'x', MessageAttributes: { a: { DataType: 'String', StringValue: '' } } },
        ],
      }),
    );
    expect(res.Successful).toHaveLength(1);
    expect(res.Successful![0]).toMatchObject({
      Id: 'good',
      MD5OfMessageBody: '3d6b824fd8c1520e9a047d21fee6fb1f',
    });
    expect(res.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue' }),
    ]);
  });

  it('refuses a batch over 1 MiB and stores nothing (check 27)', async () => {
    const q = await createQueue(sqs(), 'batchbig');
    const body = 'x'.repeat(600_000);
    const err = await errorOf(() =>
      sqs().send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', MessageBody: body },
            { Id: 'b', MessageBody: body },
          ],
        }),
      ),
    );
    expect(err.name).toBe('BatchRequestTooLong');
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('validates receive parameters (check 28)', async () => {
    const q = await createQueue(sqs(), 'recvval');
    for (const input of [{ MaxNumberOfMessages: 11 }, { WaitTimeSeconds: 21 }, { WaitTimeSeconds: -1 }]) {
      const err = await errorOf(() => sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url, ...input })));
      expect(err.Code).toBe('InvalidParameterValue');
    }
  });

  it('wakes a long poll as soon as a message arrives (check 29)', async () => {
    const q = await createQueue(sqs(), 'longpoll');
    const started = Date.now();
    const waiting = sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 10 }));
    // Let the receive park on the server first: the point is that a send wakes a waiting poll.
    await new Promise((r) => setTimeout(r, 300));
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'wake' }));
    const { Messages } = await waiting;
    expect(Messages?.[0]?.Body).toBe('wake');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up a long poll whose client went away without taking a message', async () => {
    const q = await createQueue(sqs(), 'abandoned');
    const controller = new AbortController();
    const abandoned = rawJson(
      aws.url(),
      'AmazonSQS.ReceiveMessage',
      { QueueUrl: q.url, WaitTimeSeconds: 10 },
      undefined,
      undefined,
      controller.signal,
    );
    setTimeout(() => controller.abort(), 200);
    await expect(abandoned).rejects.toThrow();
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'for a live client' }));
    // Had the abandoned poll taken it, it would stay in flight (invisible) for 30 s.
    const got = await pollUntil(
      async () => (await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url }))).Messages?.[0],
      { timeoutMs: 5000 },
    );
    expect(got.Body).toBe('for a live client');
  });

  it('returns nothing after the wait time on an empty queue (check 30)', async () => {
    const q = await createQueue(sqs(), 'timeout');
    const started = Date.now();
    const res = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 1 }));
    expect(res.Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('returns no attributes unless asked (check 31)', async () => {
    const q = await createQueue(sqs(), 'noattr');
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'x',
        MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } },
      }),
    );
    const got = await receiveOne(sqs(), q.url);
    expect(got.Attributes).toBeUndefined();
    expect(got.MessageAttributes).toBeUndefined();
    expect(got.MD5OfMessageAttributes).toBeUndefined();
    expect(got.MD5OfBody).toBe('9dd4e461268c8034f5c8564e155c67a6');
  });

  it('returns system attributes for All (check 32)', async () => {
    const q = await createQueue(sqs(), 'sysattr');
    const before = Date.now();
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    const got = await receiveOne(sqs(), q.url, { MessageSystemAttributeNames: ['All'] });
    const attrs = got.Attributes!;
    expect(attrs.ApproximateReceiveCount).toBe('1');
    expect(Number(attrs.SentTimestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(attrs.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(attrs.SentTimestamp),
    );
    expect(attrs.SenderId).toBeDefined();
  });

  it('selects message attributes by prefix and hashes the subset (check 33)', async () => {
    const q = await createQueue(sqs(), 'prefix');
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'x',
        MessageAttributes: {
          General: { DataType: 'String', StringValue: 'Kenobi' },
          Hello: { DataType: 'String', StringValue: 'There' },
          'Help.Me': { DataType: 'String', StringValue: 'Me' },
        },
      }),
    );
    const got = await receiveOne(sqs(), q.url, { MessageAttributeNames: ['Help.*'] });
    expect(Object.keys(got.MessageAttributes!)).toEqual(['Help.Me']);
    expect(got.MD5OfMessageAttributes).not.toBe('4c360f3fdafd970e05fae2f149d997f5');
    expect(got.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
  });

  it('hides a received message until its visibility timeout passes (check 34)', async () => {
    const q = await createQueue(sqs(), 'visibility');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'v' }));
    const first = await receiveOne(sqs(), q.url, { VisibilityTimeout: 1 });
    const hidden = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    expect(hidden.Messages).toBeUndefined();
    const again = await receiveOne(sqs(), q.url, {
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(again.MessageId).toBe(first.MessageId);
    expect(again.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(again.ReceiptHandle).not.toBe(first.ReceiptHandle);
  });

  it('makes a message visible again with ChangeMessageVisibility 0 (check 35)', async () => {
    const q = await createQueue(sqs(), 'cmv0');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'c' }));
    const first = await receiveOne(sqs(), q.url, { VisibilityTimeout: 60 });
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: q.url,
        ReceiptHandle: first.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const again = await sqs().send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    expect(again.Messages?.[0]?.MessageId).toBe(first.MessageId);
  });

  it('refuses to change the visibility of a deleted message (check 36)', async () => {
    const q = await createQueue(sqs(), 'cmvdel');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'd' }));
    const got = await receiveOne(sqs(), q.url);
    await sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got.ReceiptHandle }));
    const err = await errorOf(() =>
      sqs().send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: q.url,
          ReceiptHandle: got.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(err.Code).toBe('InvalidParameterValue');
  });

  it('rejects a garbage receipt handle (check 37)', async () => {
    const q = await createQueue(sqs(), 'garbage');
    const err = await errorOf(() =>
      sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: 'garbage' })),
    );
    expect(err).toBeInstanceOf(ReceiptHandleIsInvalid);
  });

  it('accepts deleting twice with the same handle (check 38)', async () => {
    const q = await createQueue(sqs(), 'twice');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 't' }));
    const got = await receiveOne(sqs(), q.url);
    await sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got.ReceiptHandle }));
    await sqs().send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got.ReceiptHandle }));
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: q.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('reports per-entry results of DeleteMessageBatch (check 39)', async () => {
    const q = await createQueue(sqs(), 'delbatch');
    await sqs().send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    const got = await receiveOne(sqs(), q.url);
    const res = await sqs().send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'ok', ReceiptHandle: got.ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(res.Successful).toEqual([{ Id: 'ok' }]);
    expect(res.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true }),
    ]);
  });

  it('purges visible and in-flight messages (check 40)', async () => {
    const q = await createQueue(sqs(), 'purge');
    await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: 'a' },
          { Id: 'b', MessageBody: 'b' },
        ],
      }),
    );
    await receiveOne(sqs(), q.url, { VisibilityTimeout: 60 });
    await sqs().send(new PurgeQueueCommand({ QueueUrl: q.url }));
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('receives up to MaxNumberOfMessages and counts messages by state', async () => {
    const q = await createQueue(sqs(), 'many');
    await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body-${i}` })),
      }),
    );
    const { Messages } = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 3 }),
    );
    expect(Messages).toHaveLength(3);
    const counts = await pollUntil(async () => {
      const { Attributes } = await sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: q.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Attributes;
    });
    expect(counts).toEqual({ ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '3' });
  });
});
