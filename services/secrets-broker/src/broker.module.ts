import {
  Module,
  type DynamicModule,
  type INestApplication,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthModule, type ReadinessProbe } from '@lava/service-kit';
import { BrokerController } from './broker.controller';
import { SecretsBroker } from './secrets-broker.service';

/** The broker API (its own port, TLS when deployed): wiring only. */
@Module({})
export class BrokerApiModule {
  static create(broker: SecretsBroker): DynamicModule {
    return {
      module: BrokerApiModule,
      controllers: [BrokerController],
      providers: [{ provide: SecretsBroker, useValue: broker }],
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

/** Health endpoints on the plain health port, and the lifecycle owner of the API app. */
@Module({})
export class BrokerHealthModule {
  static create(ready: ReadinessProbe, api: INestApplication): DynamicModule {
    return {
      module: BrokerHealthModule,
      imports: [HealthModule.forProbe(ready)],
      providers: [{ provide: ApiCloser, useValue: new ApiCloser(api) }],
    };
  }
}
