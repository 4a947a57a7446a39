import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { AuditLoggerConsumer } from './audit-logger.consumer';
import { AuditHandler } from './audit.handler';

/** Wiring only: the composition root builds the handler; Nest routes messages and health checks. */
@Module({})
export class AuditLoggerModule {
  static create(handler: AuditHandler, ready: ReadinessProbe): DynamicModule {
    return {
      module: AuditLoggerModule,
      imports: [HealthModule.forProbe(ready)],
      controllers: [AuditLoggerConsumer],
      providers: [{ provide: AuditHandler, useValue: handler }],
    };
  }
}
