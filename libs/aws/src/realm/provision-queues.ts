import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { isNotFound, translateAwsError } from '../errors';
import type { ProvisionStep } from './provision-report';
import { deadLetterQueueName } from './realm-names';

/** Queue timings. Defaults are documented on `DEFAULT_SERVICE_QUEUE` / `DEFAULT_WORKER_QUEUE`. */
export interface QueueSettings {
  /** Seconds a received message stays hidden. */
  visibilityTimeout: number;
  /** Seconds a message is kept. */
  retentionPeriod: number;
  /** Deliveries before SQS moves a message to the DLQ. */
  maxReceiveCount: number;
  /** Seconds a dead letter is kept (long, so operators can inspect and redrive). */
  dlqRetentionPeriod: number;
}

/** Dispatch, audit and s3events queues: small fast consumers, 4 days of backlog. */
export const DEFAULT_SERVICE_QUEUE: QueueSettings = {
  visibilityTimeout: 60,
  retentionPeriod: 4 * 86_400,
  maxReceiveCount: 5,
  dlqRetentionPeriod: 14 * 86_400,
};

/**
 * Worker queues: the worker heartbeats visibility while a job runs, so 5 minutes is enough;
 * 1 day of retention and 3 deliveries as in the original worker's default retry cap.
 */
export const DEFAULT_WORKER_QUEUE: QueueSettings = {
  visibilityTimeout: 300,
  retentionPeriod: 86_400,
  maxReceiveCount: 3,
  dlqRetentionPeriod: 14 * 86_400,
};

/** A queue that exists, with what `ensureQueue` did to it. */
export interface EnsuredQueue {
  url: string;
  arn: string;
  steps: ProvisionStep[];
}

/** URL of a queue, or `undefined` when it does not exist. */
export async function queueUrl(sqs: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw translateAwsError(err, `queue ${name}`);
  }
}

/** ARN of the queue at `url`. */
export async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`No QueueArn for ${url}`);
  return arn;
}

async function createOrFind(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; created: boolean }> {
  const existing = await queueUrl(sqs, name);
  if (existing) return { url: existing, created: false };
  try {
    const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return { url: out.QueueUrl ?? '', created: true };
  } catch (err) {
    throw translateAwsError(err, `queue ${name}`);
  }
}

/**
 * Create `name` and its DLQ unless they exist. Existing queues keep their attributes: an
 * operator may have tuned them, and re-running `realm create` must not undo that.
 */
export async function ensureQueue(
  sqs: SQSClient,
  name: string,
  settings: QueueSettings,
): Promise<EnsuredQueue> {
  const dlqName = deadLetterQueueName(name);
  const dlq = await createOrFind(sqs, dlqName, {
    MessageRetentionPeriod: String(settings.dlqRetentionPeriod),
  });
  const dlqArn = await queueArn(sqs, dlq.url);
  const main = await createOrFind(sqs, name, {
    VisibilityTimeout: String(settings.visibilityTimeout),
    MessageRetentionPeriod: String(settings.retentionPeriod),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: settings.maxReceiveCount }),
  });
  const step = (n: string, created: boolean): ProvisionStep => ({
    kind: 'queue',
    name: n,
    action: created ? 'created' : 'exists',
  });
  return {
    url: main.url,
    arn: await queueArn(sqs, main.url),
    steps: [step(dlqName, dlq.created), step(name, main.created)],
  };
}

/** Who may send to a service queue: EventBridge rules and SNS topics, by ARN (`*` allowed). */
export interface QueueSenders {
  rules: string[];
  topics?: string[];
}

function senderStatement(sid: string, service: string, queueArn: string, sourceArns: string[]) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnLike: { 'aws:SourceArn': sourceArns } },
  };
}

/**
 * Let EventBridge (and SNS) deliver to the queue, but only from the given rules and topics
 * (confused-deputy guard). Replaces the queue's policy, so list every sender at once.
 */
export async function allowSenders(
  sqs: SQSClient,
  queue: { url: string; arn: string },
  senders: QueueSenders,
): Promise<void> {
  const statements = [senderStatement('lava-eventbridge', 'events.amazonaws.com', queue.arn, senders.rules)];
  if (senders.topics?.length)
    statements.push(senderStatement('lava-sns', 'sns.amazonaws.com', queue.arn, senders.topics));
  const policy = { Version: '2012-10-17', Statement: statements };
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: JSON.stringify(policy) } }),
  );
}
