import { Module, type DynamicModule } from '@nestjs/common';
import { RealmOperator, RealmReader } from '@lava/operations';
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
