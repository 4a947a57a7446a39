import { Module, type DynamicModule } from '@nestjs/common';
import { RunMessageHandler } from '@lava/runner';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { WorkerConsumer } from './worker.consumer';

/** Wiring only: the composition root builds the handler; Nest routes messages and health checks. */
@Module({})
export class WorkerModule {
  static create(handler: RunMessageHandler, ready: ReadinessProbe): DynamicModule {
    return {
      module: WorkerModule,
      imports: [HealthModule.forProbe(ready)],
      controllers: [WorkerConsumer],
      providers: [{ provide: RunMessageHandler, useValue: handler }],
    };
  }
}
