import type { RequestContext } from '../contracts';
import { sqsErrors } from './sqs-errors';
import type { SqsQueue } from './sqs-queue';

/** All queues, per (account, region) by name and globally by ARN. */
export class SqsRegistry {
  private readonly byScope = new Map<string, Map<string, SqsQueue>>();
  private readonly byArn = new Map<string, SqsQueue>();

  scope(account: string, region: string): Map<string, SqsQueue> {
    const key = `${account}/${region}`;
    let queues = this.byScope.get(key);
    if (!queues) {
      queues = new Map();
      this.byScope.set(key, queues);
    }
    return queues;
  }

  add(queue: SqsQueue): void {
    this.scope(queue.account, queue.region).set(queue.name, queue);
    this.byArn.set(queue.arn, queue);
  }

  remove(queue: SqsQueue): void {
    this.scope(queue.account, queue.region).delete(queue.name);
    this.byArn.delete(queue.arn);
  }

  byName(ctx: Pick<RequestContext, 'account' | 'region'>, name: string): SqsQueue | undefined {
    return this.scope(ctx.account, ctx.region).get(name);
  }

  arn(arn: string): SqsQueue | undefined {
    return this.byArn.get(arn);
  }

  all(): SqsQueue[] {
    return [...this.byArn.values()];
  }

  /** Resolves a QueueUrl by its last two path segments (account, name) in the caller's region. */
  fromUrl(ctx: RequestContext, url: unknown): SqsQueue {
    if (typeof url !== 'string' || url.length === 0) throw sqsErrors.missingParameter('QueueUrl');
    const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0] ?? '';
    const segments = path.split('/').filter(Boolean);
    const name = segments[segments.length - 1];
    const account = segments[segments.length - 2] ?? ctx.account;
    const queue = name
      ? this.scope(/^\d{12}$/.test(account) ? account : ctx.account, ctx.region).get(name)
      : undefined;
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return queue;
  }

  /** URL for a queue, using the caller's Host so the SDK keeps talking to this endpoint. */
  static url(ctx: RequestContext, queue: SqsQueue): string {
    return `${ctx.protocol}://${ctx.host}/${queue.account}/${queue.name}`;
  }
}
