import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Coalesces message deletes into DeleteMessageBatch calls (up to 10, or after `lingerMs`),
 * cutting SQS requests per run under load. Failed entries are reported, never dropped silently.
 */
export class DeleteBatcher {
  private pending: Array<{ receiptHandle: string; done: (err?: Error) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly lingerMs = 5,
  ) {}

  delete(receiptHandle: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receiptHandle, done: (err) => (err ? reject(err) : resolve()) });
      if (this.pending.length >= 10) this.sendFullBatches();
      else this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
    });
  }

  /** Sends everything pending now, in batches of up to 10 side by side. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const sends: Promise<void>[] = [];
    while (this.pending.length) sends.push(this.send(this.pending.splice(0, 10)));
    await Promise.all(sends);
  }

  /**
   * Sends the full batches; a remainder waits for company, at most until the timer of the oldest
   * pending delete (sending it with the full ones made every batch after the first a small one).
   */
  private sendFullBatches(): void {
    while (this.pending.length >= 10) void this.send(this.pending.splice(0, 10));
    if (!this.pending.length) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async send(batch: Array<{ receiptHandle: string; done: (err?: Error) => void }>): Promise<void> {
    try {
      const out = await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((b, i) => ({ Id: String(i), ReceiptHandle: b.receiptHandle })),
        }),
      );
      const failed = new Map((out.Failed ?? []).map((f) => [f.Id, f]));
      batch.forEach((b, i) => {
        const f = failed.get(String(i));
        b.done(f ? new Error(`delete failed: ${f.Code ?? 'unknown'} ${f.Message ?? ''}`.trim()) : undefined);
      });
    } catch (err) {
      batch.forEach((b) => b.done(err as Error));
    }
  }
}
