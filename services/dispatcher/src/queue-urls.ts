import { GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Queue URLs by name, cached for the process life (queue URLs never change while the queue
 * exists). A missing queue is not cached, so creating a worker fleet takes effect at once.
 */
export class QueueUrls {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(private readonly sqs: SQSClient) {}

  /** The URL, or undefined when the queue does not exist. */
  async resolve(name: string): Promise<string | undefined> {
    let hit = this.cache.get(name);
    if (!hit) {
      hit = this.lookup(name);
      this.cache.set(name, hit);
    }
    const url = await hit.catch((err: unknown) => {
      this.cache.delete(name);
      throw err;
    });
    if (url === undefined) this.cache.delete(name);
    return url;
  }

  private async lookup(name: string): Promise<string | undefined> {
    try {
      return (await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
    } catch (err) {
      if (
        err instanceof QueueDoesNotExist ||
        (err as { name?: string }).name === 'AWS.SimpleQueueService.NonExistentQueue'
      )
        return undefined;
      throw err;
    }
  }
}
