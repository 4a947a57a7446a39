import { GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';
import { workerQueueName } from '@lava/core';
import type { DispatchTargetCheck } from './bus-dispatch-port';

/**
 * Checks dispatch targets the way the dispatcher will: the job record exists and names a worker
 * whose queue exists. Queue answers are cached for the process (queues are created with realms
 * and workers, rarely removed); job records come from the given (cached) source.
 */
export class DispatchTargets implements DispatchTargetCheck {
  private readonly queues = new Map<string, boolean>();

  constructor(
    private readonly realm: string,
    private readonly jobs: { get(jobId: string): Promise<Record<string, unknown> | undefined> },
    private readonly sqs: SQSClient,
  ) {}

  async check(jobId: string): Promise<string | undefined> {
    const job = await this.jobs.get(jobId);
    if (!job) return `No such job: ${jobId}`;
    const worker = typeof job.worker === 'string' ? job.worker : '';
    let queue: string;
    try {
      queue = workerQueueName(this.realm, worker);
    } catch (err) {
      return `Job ${jobId}: worker "${worker}" has no queue: ${(err as Error).message}`;
    }
    return (await this.queueExists(queue))
      ? undefined
      : `Job ${jobId}: worker "${worker}" has no queue (${queue} does not exist)`;
  }

  private async queueExists(name: string): Promise<boolean> {
    const known = this.queues.get(name);
    if (known !== undefined) return known;
    try {
      await this.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      this.queues.set(name, true);
      return true;
    } catch (err) {
      if (
        !(err instanceof QueueDoesNotExist) &&
        (err as Error).name !== 'AWS.SimpleQueueService.NonExistentQueue'
      )
        throw err;
      return false;
    }
  }
}
