import { bootstrapQueueService, type RunningService } from '@lava/service-kit';
import { loadDispatcherConfig } from './dispatcher.config';
import { composeDispatcher } from './dispatcher.composition';
import { DISPATCH_MESSAGE_PATTERN } from './dispatcher.consumer';
import { DispatcherModule } from './dispatcher.module';

/** A started dispatcher; `stop()` drains in-flight dispatches and releases every client. */
export interface RunningDispatcher extends RunningService {
  stop(): Promise<void>;
}

/** Starts the dispatcher: consumes `lava-<realm>-dispatch` and sends runs to worker queues. */
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
    module: (ready) => DispatcherModule.create(parts.handler, ready),
  });
  return {
    ...running,
    stop: async () => {
      await running.app.close();
      await parts.outbox.flush();
      parts.grantKeys.stop();
      parts.clients.destroy();
    },
  };
}
