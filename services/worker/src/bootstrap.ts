import { queueCounts } from '@lava/aws';
import { bootstrapQueueService, type RunningService } from '@lava/service-kit';
import { WorkerHeartbeat } from './worker-heartbeat';
import { loadWorkerConfig } from './worker.config';
import { composeWorker } from './worker.composition';
import { RUN_PATTERN } from './worker.consumer';
import { WorkerModule } from './worker.module';

/** Starts the worker: consumes `lava-<realm>-<worker>` and runs jobs. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadWorkerConfig(env);
  const parts = await composeWorker(config);
  await parts.reaping.atBoot();
  // `running` is read only once the heartbeat has started, after bootstrap.
  const heartbeat = new WorkerHeartbeat({
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    periodSeconds: config.LAVA_HEARTBEAT_SECONDS,
    depth: () => queueCounts(parts.clients.sqs, parts.queueUrl, parts.queueUrl),
    inFlight: () => running.transport.activeMessages,
    telemetry: parts.telemetry,
    logger: parts.logger,
  });
  const running = await bootstrapQueueService({
    config,
    sqs: parts.clients.sqs,
    queueUrl: parts.queueUrl,
    logger: parts.logger,
    pattern: RUN_PATTERN,
    concurrency: config.LAVA_WORKER_CONCURRENCY,
    // A run's slot is free once its outcome is decided; its delete can wait for others' (at 10
    // runs/s a 5 ms wait gave 0.39 DeleteMessageBatch per run). Stop sends them at once.
    batching: { deleteLingerMs: 100 },
    module: (ready) => WorkerModule.create(parts.handler, ready),
    onStopped: async () => {
      heartbeat.stop();
      await parts.reaping.atStop();
      await parts.fleetMetrics?.stop();
      await parts.templates.close();
      await parts.telemetry.shutdown();
    },
  });
  heartbeat.start();
  parts.fleetMetrics?.start(() => running.transport.activeMessages);
  return running;
}
