import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { DispatcherConsumer } from './dispatcher.consumer';
import { DispatchHandler } from './dispatch.handler';

/** Wiring only: the composition root builds the handler; Nest routes messages and health checks. */
@Module({})
export class DispatcherModule {
  static create(handler: DispatchHandler, ready: ReadinessProbe): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [HealthModule.forProbe(ready)],
      controllers: [DispatcherConsumer],
      providers: [{ provide: DispatchHandler, useValue: handler }],
    };
  }
}
