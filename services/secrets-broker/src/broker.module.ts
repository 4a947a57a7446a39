import { Module, type DynamicModule } from '@nestjs/common';
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
