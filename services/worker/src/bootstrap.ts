import { SqsServer } from '@lava/aws';
import { bootstrapService, type RunningService } from '@lava/service-kit';
import { loadWorkerConfig } from './worker.config';
import { composeWorker } from './worker.composition';
import { RUN_PATTERN } from './worker.consumer';
import { WorkerModule } from './worker.module';

/** Starts the worker: consumes `lava-<realm>-<worker>` and runs jobs. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadWorkerConfig(env);
  const parts = await composeWorker(config);
  const transport = new SqsServer(
    parts.clients.sqs,
    [
      {
        pattern: RUN_PATTERN,
        queueUrl: parts.queueUrl,
        concurrency: config.LAVA_WORKER_CONCURRENCY,
        visibilityTimeoutSeconds: config.LAVA_VISIBILITY_SECONDS,
        waitTimeSeconds: config.LAVA_WAIT_SECONDS,
        drainGraceMs: config.LAVA_DRAIN_SECONDS * 1000,
      },
    ],
    parts.logger,
  );
  const ready = async () => ({ queue: parts.queueUrl, active_runs: transport.activeMessages });
  return bootstrapService({
    module: WorkerModule.create(parts.handler, ready),
    logger: parts.logger,
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    transport,
  });
}
