import {
  Controller,
  Get,
  Inject,
  Module,
  type DynamicModule,
  type INestApplication,
  type OnApplicationShutdown,
} from '@nestjs/common';
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

/** Closes a service's own server app when the health app (which owns the shutdown hooks) closes. */
class ServerCloser implements OnApplicationShutdown {
  constructor(private readonly server: INestApplication) {}
  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

/** `/health/live` and `/health/ready` (terminus), for ECS health checks and docker HEALTHCHECK. */
@Module({})
export class HealthModule {
  /**
   * @param server a service's second app on its own port (the API, the broker API): the health
   *   app becomes its lifecycle owner and closes it on shutdown.
   * @example HealthModule.forProbe(async () => ({ api_url: url }), api)
   */
  static forProbe(probe: ReadinessProbe, server?: INestApplication): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_PROBE, useValue: probe },
        ...(server === undefined ? [] : [{ provide: ServerCloser, useValue: new ServerCloser(server) }]),
      ],
    };
  }
}
