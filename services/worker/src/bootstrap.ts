import { bootstrapQueueService, type RunningService } from '@lava/service-kit';
import { loadWorkerConfig } from './worker.config';
import { composeWorker } from './worker.composition';
import { RUN_PATTERN } from './worker.consumer';
import { WorkerModule } from './worker.module';

/** Starts the worker: consumes `lava-<realm>-<worker>` and runs jobs. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadWorkerConfig(env);
  const parts = await composeWorker(config);
  return bootstrapQueueService({
    config,
    sqs: parts.clients.sqs,
    queueUrl: parts.queueUrl,
    logger: parts.logger,
    pattern: RUN_PATTERN,
    concurrency: config.LAVA_WORKER_CONCURRENCY,
    module: (ready) => WorkerModule.create(parts.handler, ready),
    onStopped: () => parts.telemetry.shutdown(),
  });
}
