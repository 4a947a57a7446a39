import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { DispatcherConsumer } from './dispatcher.consumer';
import { DispatchRequestHandler } from './dispatch-request.handler';

/** Wiring only: the composition root builds the handler; Nest routes messages and health checks. */
@Module({})
export class DispatcherModule {
  static create(handler: DispatchRequestHandler, ready: ReadinessProbe): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [HealthModule.forProbe(ready)],
      controllers: [DispatcherConsumer],
      providers: [{ provide: DispatchRequestHandler, useValue: handler }],
    };
  }
}
