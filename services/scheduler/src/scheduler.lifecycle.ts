import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerEngine } from './engine/scheduler-engine';

/**
 * Ties the engine to the Nest app's lifecycle: loads and starts firing at boot; on SIGTERM stops
 * firing, waits for publishes in flight and releases the leases so a standby takes over at once.
 */
@Injectable()
export class SchedulerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(SchedulerEngine) private readonly engine: SchedulerEngine) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }
}
