import type { DynamicModule } from '@nestjs/common';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsServer } from '@lava/aws';
import type { Logger } from '@lava/logging';
import { bootstrapService, type RunningService } from './bootstrap';
import type { ReadinessProbe } from './health.module';

/** Settings every queue-consuming service reads (see COMMON_ENV and each service's config). */
export interface QueueServiceConfig {
  LAVA_HEALTH_PORT: number;
  LAVA_HEALTH_HOST: string;
  LAVA_VISIBILITY_SECONDS: number;
  LAVA_WAIT_SECONDS: number;
  LAVA_DRAIN_SECONDS: number;
}

export interface QueueServiceOptions {
  config: QueueServiceConfig;
  sqs: SQSClient;
  queueUrl: string;
  logger: Logger;
  /** Message pattern the service's consumer handles (`@EventPattern`). */
  pattern: string;
  concurrency: number;
  /** Request batching of the main queue: see SqsConsumerOptions `gatherMs` and `deleteLingerMs`. */
  batching?: { gatherMs?: number; deleteLingerMs?: number };
  /** Further queues the same transport consumes, each routed to its own pattern. */
  extraQueues?: { pattern: string; queueUrl: string; concurrency: number }[];
  /** The service's Nest module, given the readiness probe. */
  module(ready: ReadinessProbe): DynamicModule;
  /** Runs after the app closed on a signal, before exit (e.g. flushing telemetry). */
  onStopped?: () => Promise<void>;
}

export interface RunningQueueService extends RunningService {
  transport: SqsServer;
}

/**
 * Boots a service that consumes one SQS queue (or a few, `extraQueues`): the SQS transport (long polling, bounded
 * concurrency, visibility heartbeat, drain on SIGTERM) plus the health endpoints, whose
 * readiness reports the queue and the messages in flight.
 */
export async function bootstrapQueueService(options: QueueServiceOptions): Promise<RunningQueueService> {
  const { config } = options;
  const queues = [
    {
      pattern: options.pattern,
      queueUrl: options.queueUrl,
      concurrency: options.concurrency,
      ...options.batching,
    },
    ...(options.extraQueues ?? []),
  ];
  const transport = new SqsServer(
    options.sqs,
    queues.map((q) => ({
      ...q,
      visibilityTimeoutSeconds: config.LAVA_VISIBILITY_SECONDS,
      waitTimeSeconds: config.LAVA_WAIT_SECONDS,
      drainGraceMs: config.LAVA_DRAIN_SECONDS * 1000,
    })),
    options.logger,
  );
  const extra = options.extraQueues?.length ? { queues: queues.map((q) => q.queueUrl) } : {};
  const ready = async () => ({ queue: options.queueUrl, ...extra, in_flight: transport.activeMessages });
  const running = await bootstrapService({
    module: options.module(ready),
    logger: options.logger,
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    transport,
    onStopped: options.onStopped,
  });
  return { ...running, transport };
}
