import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { DispatcherConsumer } from './dispatcher.consumer';
import { DispatchRequestHandler } from './dispatch-request.handler';
import { TriggerConsumer } from './trigger.consumer';
import { TriggerHandler } from './trigger.handler';

/** Wiring only: the composition root builds the handler; Nest routes messages and health checks. */
@Module({})
export class DispatcherModule {
  static create(
    handler: DispatchRequestHandler,
    triggers: TriggerHandler,
    ready: ReadinessProbe,
  ): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [HealthModule.forProbe(ready)],
      controllers: [DispatcherConsumer, TriggerConsumer],
      providers: [
        { provide: DispatchRequestHandler, useValue: handler },
        { provide: TriggerHandler, useValue: triggers },
      ],
    };
  }
}
