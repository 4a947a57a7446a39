import { bootstrapService, serviceTelemetry, type RunningService } from '@lava/service-kit';
import { composeScheduler, type ComposeOptions, type SchedulerParts } from './scheduler.composition';
import { loadSchedulerConfig } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** A running scheduler: the Nest app plus its parts (tests reach the engine through it). */
export interface RunningScheduler extends RunningService {
  parts: SchedulerParts;
}

/**
 * Starts the scheduler: loads the jobs of `LAVA_DISPATCHERS`, competes for their leases and fires
 * `Dispatch Requested` on the realm bus. No message input, so no transport: the engine runs as
 * a provider and SIGTERM stops it (releasing the leases) before the app closes.
 */
export async function bootstrap(
  env: NodeJS.ProcessEnv = process.env,
  options: ComposeOptions = {},
): Promise<RunningScheduler> {
  const config = loadSchedulerConfig(env);
  const telemetry = options.telemetry ?? (await serviceTelemetry(config, 'scheduler'));
  const parts = composeScheduler(config, { ...options, telemetry });
  const ready = async () => parts.engine.status();
  const running = await bootstrapService({
    module: SchedulerModule.create(parts.engine, ready),
    logger: parts.logger,
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    onStopped: () => telemetry.shutdown(),
  });
  return { ...running, parts };
}
