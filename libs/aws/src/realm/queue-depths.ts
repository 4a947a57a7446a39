import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DLQ_SUFFIX, RESERVED_WORKER_NAMES } from '@lava/core';
import { translateAwsError } from '../errors';
import { listRealmQueues } from './list-realm-queues';
import type { QueueDepth } from '@lava/operations';

const ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/**
 * Depth, in-flight and dead-letter counts of every `lava-<realm>-*` queue (approximate, as SQS
 * reports them), one entry per queue with its DLQ folded in. Read by the HTTP API's queue page.
 */
export async function realmQueueDepths(sqs: SQSClient, realm: string): Promise<QueueDepth[]> {
  const queues = await listRealmQueues(sqs, realm).catch((err: unknown) => {
    throw translateAwsError(err, `lava-${realm}-*`);
  });
  const counts = new Map(
    await Promise.all(queues.map(async (q) => [q.name, await queueCounts(sqs, q.url, q.name)] as const)),
  );
  const prefix = `lava-${realm}-`;
  return queues
    .filter((q) => !q.name.endsWith(DLQ_SUFFIX))
    .map((q) => {
      const c = counts.get(q.name)!;
      const name = q.name.slice(prefix.length);
      return {
        queue: q.name,
        kind: RESERVED_WORKER_NAMES.includes(name) ? ('service' as const) : ('worker' as const),
        name,
        visible: c.visible,
        in_flight: c.in_flight,
        delayed: c.delayed,
        dead_letter: counts.get(`${q.name}${DLQ_SUFFIX}`)?.visible ?? null,
      };
    });
}

/** Approximate counts of one queue (one GetQueueAttributes call); also the worker heartbeat's. */
export async function queueCounts(
  sqs: SQSClient,
  url: string,
  name: string,
): Promise<{ visible: number; in_flight: number; delayed: number }> {
  try {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...ATTRIBUTES] }),
    );
    const n = (k: (typeof ATTRIBUTES)[number]) => Number(out.Attributes?.[k] ?? 0);
    return {
      visible: n('ApproximateNumberOfMessages'),
      in_flight: n('ApproximateNumberOfMessagesNotVisible'),
      delayed: n('ApproximateNumberOfMessagesDelayed'),
    };
  } catch (err) {
    throw translateAwsError(err, name);
  }
}
