import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { SchedulerEngine } from './engine/scheduler-engine';
import { SchedulerLifecycle } from './scheduler.lifecycle';

/** Wiring only: the composition root builds the engine; Nest runs its lifecycle and health checks. */
@Module({})
export class SchedulerModule {
  static create(engine: SchedulerEngine, ready: ReadinessProbe): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [HealthModule.forProbe(ready)],
      providers: [{ provide: SchedulerEngine, useValue: engine }, SchedulerLifecycle],
    };
  }
}
