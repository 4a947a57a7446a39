import { bootstrapQueueService, type RunningService } from '@lava/service-kit';
import { loadDispatcherConfig } from './dispatcher.config';
import { composeDispatcher } from './dispatcher.composition';
import { DISPATCH_MESSAGE_PATTERN } from './dispatcher.consumer';
import { DispatcherModule } from './dispatcher.module';
import { TRIGGER_PATTERN } from './trigger.consumer';

/** A started dispatcher; `stop()` drains in-flight dispatches and releases every client. */
export interface RunningDispatcher extends RunningService {
  stop(): Promise<void>;
}

/**
 * Starts the dispatcher: consumes `lava-<realm>-dispatch` (dispatch requests) and
 * `lava-<realm>-s3events` (S3 and rule-trigger events) and sends runs to worker queues.
 */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningDispatcher> {
  const config = loadDispatcherConfig(env);
  const parts = await composeDispatcher(config);
  const running = await bootstrapQueueService({
    config,
    sqs: parts.clients.sqs,
    queueUrl: parts.queueUrl,
    logger: parts.logger,
    pattern: DISPATCH_MESSAGE_PATTERN,
    concurrency: config.LAVA_DISPATCH_CONCURRENCY,
    extraQueues: [
      {
        pattern: TRIGGER_PATTERN,
        queueUrl: parts.triggerQueueUrl,
        concurrency: config.LAVA_TRIGGER_CONCURRENCY,
      },
    ],
    module: (ready) => DispatcherModule.create(parts.handler, parts.triggers, ready),
    onStopped: () => parts.telemetry.shutdown(),
  });
  return {
    ...running,
    stop: async () => {
      await running.app.close();
      await parts.outbox.flush();
      await parts.telemetry.shutdown();
      parts.grantKeys.stop();
      parts.clients.destroy();
    },
  };
}
