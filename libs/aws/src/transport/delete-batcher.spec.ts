import type { DeleteMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteBatcher } from './delete-batcher';

/** An SQS client that records each DeleteMessageBatch and answers when told to. */
function recordingSqs(failIds: string[] = []) {
  const batches: string[][] = [];
  const answers: Array<() => void> = [];
  const client = {
    send: (command: DeleteMessageBatchCommand) => {
      const entries = command.input.Entries ?? [];
      batches.push(entries.map((e) => e.ReceiptHandle!));
      const failed = entries
        .filter((e) => failIds.includes(e.ReceiptHandle!))
        .map((e) => ({ Id: e.Id!, Code: 'ReceiptHandleIsInvalid', SenderFault: true }));
      return new Promise((resolve) => answers.push(() => resolve({ Failed: failed })));
    },
  } as unknown as SQSClient;
  return { client, batches, answerAll: () => answers.splice(0).forEach((a) => a()) };
}

const handles = (from: number, n: number) => Array.from({ length: n }, (_, i) => `h${from + i}`);
const tick = () => new Promise((r) => setImmediate(r));

describe('DeleteBatcher', () => {
  it('sends full batches at once and keeps a remainder for company, even while a batch is in flight', async () => {
    const sqs = recordingSqs();
    const batcher = new DeleteBatcher(sqs.client, 'q', 60_000);
    const done = handles(0, 13).map((h) => batcher.delete(h));
    await tick();
    expect(sqs.batches).toEqual([handles(0, 10)]);
    sqs.answerAll();
    await Promise.all(done.slice(0, 10));
    await tick();
    // The three left over did not go out behind the first batch: seven more make a full one.
    expect(sqs.batches).toHaveLength(1);
    done.push(...handles(13, 7).map((h) => batcher.delete(h)));
    await tick();
    expect(sqs.batches).toEqual([handles(0, 10), handles(10, 10)]);
    sqs.answerAll();
    await Promise.all(done);
  });

  it('sends a partial batch when its oldest delete has waited the linger time', async () => {
    const sqs = recordingSqs();
    const batcher = new DeleteBatcher(sqs.client, 'q', 20);
    const done = handles(0, 3).map((h) => batcher.delete(h));
    await tick();
    expect(sqs.batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(sqs.batches).toEqual([handles(0, 3)]);
    sqs.answerAll();
    await Promise.all(done);
  });

  it('flush sends everything pending at once, and each delete learns its own outcome', async () => {
    const sqs = recordingSqs(['h11']);
    const batcher = new DeleteBatcher(sqs.client, 'q', 60_000);
    const done = handles(0, 12).map((h) =>
      batcher.delete(h).then(
        () => 'deleted',
        (e: Error) => e.message,
      ),
    );
    const flushed = batcher.flush();
    sqs.answerAll();
    await tick();
    sqs.answerAll();
    await flushed;
    expect(sqs.batches).toEqual([handles(0, 10), handles(10, 2)]);
    expect(await Promise.all(done)).toEqual([
      ...Array(11).fill('deleted'),
      'delete failed: ReceiptHandleIsInvalid',
    ]);
  });
});
