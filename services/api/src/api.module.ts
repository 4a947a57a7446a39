import {
  Module,
  type DynamicModule,
  type INestApplication,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { RealmOperator, RealmReader } from '@lava/operations';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import type { ApiParts } from './api.composition';
import { AuthGuard } from './http/auth.guard';
import { Authenticator } from './http/authenticator';
import { JobsController } from './http/jobs.controller';
import { RealmController } from './http/realm.controller';
import { RunsController } from './http/runs.controller';

/** The HTTP API and console (their own port): wiring only. */
@Module({})
export class ApiModule {
  static create(parts: ApiParts, realm: string): DynamicModule {
    return {
      module: ApiModule,
      controllers: [JobsController, RunsController, RealmController],
      providers: [
        { provide: RealmReader, useValue: parts.reader },
        { provide: RealmOperator, useValue: parts.operator },
        { provide: Authenticator, useValue: parts.authenticator },
        { provide: 'REALM', useValue: realm },
        AuthGuard,
      ],
    };
  }
}

/** Closes the API app when the health app (which owns the shutdown hooks) closes. */
class ApiCloser implements OnApplicationShutdown {
  constructor(private readonly api: INestApplication) {}
  async onApplicationShutdown(): Promise<void> {
    await this.api.close();
  }
}

/** Health endpoints on the health port, and the lifecycle owner of the API app. */
@Module({})
export class ApiHealthModule {
  static create(ready: ReadinessProbe, api: INestApplication): DynamicModule {
    return {
      module: ApiHealthModule,
      imports: [HealthModule.forProbe(ready)],
      providers: [{ provide: ApiCloser, useValue: new ApiCloser(api) }],
    };
  }
}
