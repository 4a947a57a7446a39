import { SqsServer } from '@lava/aws';
import { bootstrapService, type RunningService } from '@lava/service-kit';
import { loadAuditLoggerConfig } from './audit-logger.config';
import { composeAuditLogger } from './audit-logger.composition';
import { AUDIT_PATTERN } from './audit-logger.consumer';
import { AuditLoggerModule } from './audit-logger.module';

/** A started audit logger; `stop()` drains in-flight events and releases every client. */
export interface RunningAuditLogger extends RunningService {
  stop(): Promise<void>;
}

/** Starts the audit logger: consumes `lava-<realm>-audit` and maintains `lava.<realm>.events`. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<RunningAuditLogger> {
  const config = loadAuditLoggerConfig(env);
  const parts = await composeAuditLogger(config);
  const transport = new SqsServer(
    parts.clients.sqs,
    [
      {
        pattern: AUDIT_PATTERN,
        queueUrl: parts.queueUrl,
        concurrency: config.LAVA_AUDIT_CONCURRENCY,
        visibilityTimeoutSeconds: config.LAVA_VISIBILITY_SECONDS,
        waitTimeSeconds: config.LAVA_WAIT_SECONDS,
        drainGraceMs: config.LAVA_DRAIN_SECONDS * 1000,
      },
    ],
    parts.logger,
  );
  const ready = async () => ({ queue: parts.queueUrl, in_flight: transport.activeMessages });
  const running = await bootstrapService({
    module: AuditLoggerModule.create(parts.handler, ready),
    logger: parts.logger,
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    transport,
  });
  return {
    ...running,
    stop: async () => {
      await running.app.close();
      await parts.coalescer.flush();
      parts.clients.destroy();
    },
  };
}
