import { SqsServer } from '@lava/aws';
import { bootstrapService, type RunningService } from '@lava/service-kit';
import { loadDispatcherConfig } from './dispatcher.config';
import { composeDispatcher } from './dispatcher.composition';
import { DISPATCH_PATTERN } from './dispatcher.consumer';
import { DispatcherModule } from './dispatcher.module';

/** A started dispatcher; `stop()` drains in-flight dispatches and releases every client. */
export interface RunningDispatcher extends RunningService {
  stop(): Promise<void>;
}

/** Starts the dispatcher: consumes `lava-<realm>-dispatch` and sends runs to worker queues. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningDispatcher> {
  const config = loadDispatcherConfig(env);
  const parts = await composeDispatcher(config);
  const transport = new SqsServer(
    parts.clients.sqs,
    [
      {
        pattern: DISPATCH_PATTERN,
        queueUrl: parts.queueUrl,
        concurrency: config.LAVA_DISPATCH_CONCURRENCY,
        visibilityTimeoutSeconds: config.LAVA_VISIBILITY_SECONDS,
        waitTimeSeconds: config.LAVA_WAIT_SECONDS,
        drainGraceMs: config.LAVA_DRAIN_SECONDS * 1000,
      },
    ],
    parts.logger,
  );
  const ready = async () => ({ queue: parts.queueUrl, in_flight: transport.activeMessages });
  const running = await bootstrapService({
    module: DispatcherModule.create(parts.handler, ready),
    logger: parts.logger,
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    transport,
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
