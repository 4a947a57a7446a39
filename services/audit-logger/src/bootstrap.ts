import { bootstrapQueueService, type RunningService } from '@lava/service-kit';
import { loadAuditLoggerConfig } from './audit-logger.config';
import { composeAuditLogger } from './audit-logger.composition';
import { AUDIT_MESSAGE_PATTERN } from './audit-logger.consumer';
import { AuditLoggerModule } from './audit-logger.module';

/** A started audit logger; `stop()` drains in-flight events and releases every client. */
export interface RunningAuditLogger extends RunningService {
  stop(): Promise<void>;
}

/** Starts the audit logger: consumes `lava-<realm>-audit` and maintains `lava.<realm>.events`. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningAuditLogger> {
  const config = loadAuditLoggerConfig(env);
  const parts = await composeAuditLogger(config);
  const running = await bootstrapQueueService({
    config,
    sqs: parts.clients.sqs,
    queueUrl: parts.queueUrl,
    logger: parts.logger,
    pattern: AUDIT_MESSAGE_PATTERN,
    concurrency: config.LAVA_AUDIT_CONCURRENCY,
    // An event is recorded before its message is deleted, so a delete can wait a second for nine
    // others: at 10 runs/s, deletes waiting only the gather time went out 5 at a time.
    batching: { gatherMs: config.LAVA_AUDIT_GATHER_MS, deleteLingerMs: 1000 },
    module: (ready) => AuditLoggerModule.create(parts.handler, ready),
    onStopped: () => parts.telemetry.shutdown(),
  });
  return {
    ...running,
    stop: async () => {
      await running.app.close();
      await parts.coalescer.flush();
      await parts.telemetry.shutdown();
      parts.clients.destroy();
    },
  };
}
