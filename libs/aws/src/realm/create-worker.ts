import { workerQueueName } from '@lava/core';
import type { AwsClients } from '../config/aws-clients';
import { DEFAULT_WORKER_QUEUE, ensureQueue, type QueueSettings } from './provision-queues';
import type { ProvisionStep } from './provision-report';

/** A worker fleet's queue after `createWorker`. */
export interface CreateWorkerResult {
  queueName: string;
  queueUrl: string;
  queueArn: string;
  steps: ProvisionStep[];
}

/**
 * Create the queue `lava-<realm>-<worker>` and its DLQ unless they exist. Only the dispatcher
 * sends to it (SQS SendMessage with IAM), so no resource policy is attached.
 *
 * @example await createWorker(clients, 'acme', 'core');
 */
export async function createWorker(
  clients: AwsClients,
  realm: string,
  worker: string,
  settings: Partial<QueueSettings> = {},
): Promise<CreateWorkerResult> {
  const queueName = workerQueueName(realm, worker);
  const q = await ensureQueue(clients.sqs, queueName, { ...DEFAULT_WORKER_QUEUE, ...settings });
  return { queueName, queueUrl: q.url, queueArn: q.arn, steps: q.steps };
}
