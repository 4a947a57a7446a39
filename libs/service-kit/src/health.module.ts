import { Controller, Get, Inject, Module, type DynamicModule } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TerminusModule,
  type HealthIndicatorResult,
} from '@nestjs/terminus';

/** Token of the readiness probe a service provides: resolves true when it can do its work. */
export const READINESS_PROBE = Symbol('READINESS_PROBE');
export type ReadinessProbe = () => Promise<Record<string, unknown> | false>;

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_PROBE) private readonly ready: ReadinessProbe,
  ) {}

  /** The process is up (the event loop answers). */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      async (): Promise<HealthIndicatorResult> => ({ process: { status: 'up', pid: process.pid } }),
    ]);
  }

  /** The service can work: its own probe (queues reachable, consumer running...). */
  @Get('ready')
  @HealthCheck()
  readiness() {
    return this.health.check([
      async (): Promise<HealthIndicatorResult> => {
        const detail = await this.ready().catch(() => false as const);
        if (detail === false) throw new Error('not ready');
        return { service: { status: 'up', ...detail } };
      },
    ]);
  }
}

/** `/health/live` and `/health/ready` (terminus), for ECS health checks and docker HEALTHCHECK. */
@Module({})
export class HealthModule {
  static forProbe(probe: ReadinessProbe): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: READINESS_PROBE, useValue: probe }],
    };
  }
}
