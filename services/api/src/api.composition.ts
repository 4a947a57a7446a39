import {
  ApiTokensRepository,
  awsRealmPorts,
  BusPublisher,
  createAwsClients,
  loadAwsConfig,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import type { Logger, LogSink } from '@lava/logging';
import { serviceLogger } from '@lava/service-kit';
import { RealmOperator, RealmReader } from '@lava/operations';

import type { ApiConfig } from './api.config';
import { Authenticator } from './http/authenticator';

export interface ApiParts {
  clients: AwsClients;
  reader: RealmReader;
  operator: RealmOperator;
  authenticator: Authenticator;
  logger: Logger;
}

/** Builds the API's object graph once at boot. `sink` lets tests capture every log line. */
export function composeApi(config: ApiConfig, options: { sink?: LogSink } = {}): ApiParts {
  const logger = serviceLogger(config, 'api', { sink: options.sink });
  const clients = createAwsClients(loadAwsConfig(config.env));
  const realm = config.LAVA_REALM;
  const bus = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
  const ports = awsRealmPorts(clients, realm, bus, config.CRON_TZ);
  const tokens = new ApiTokensRepository(clients.dynamo, realm);
  const authenticator = new Authenticator(config.LAVA_API_AUTH as 'tokens' | 'local', {
    find: (id) => tokens.find(id),
  });
  return {
    clients,
    reader: new RealmReader(ports),
    operator: new RealmOperator(ports),
    authenticator,
    logger,
  };
}
