import { Controller, Get, Inject, Module, type DynamicModule } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
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
    private readonly indicators: HealthIndicatorService,
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

  /** The service can work: its own probe (queues reachable, consumer running...); 503 when not. */
  @Get('ready')
  @HealthCheck()
  readiness() {
    return this.health.check([
      async (): Promise<HealthIndicatorResult> => {
        const service = this.indicators.check('service');
        const detail = await this.ready().catch(() => false as const);
        // `down` (not a thrown error, which answers 500) makes terminus answer 503.
        return detail === false ? service.down({ reason: 'not ready' }) : service.up(detail);
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
