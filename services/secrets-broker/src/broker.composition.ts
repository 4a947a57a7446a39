import {
  BusPublisher,
  ConnectionsRepository,
  createAwsClients,
  JobsRepository,
  loadAwsConfig,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { createDefaultRegistry } from '@lava/connectors';
import type { Logger, LogSink } from '@lava/logging';
import { serviceTelemetry, serviceLogger } from '@lava/service-kit';
import type { Telemetry } from '@lava/core';
import { AwsEcrTokens } from './aws-ecr-tokens';
import { AwsIamTokens, SdkRedshiftClients } from './aws-iam-tokens';
import { AwsSecretResolver, StsRoleAssumer } from './aws-secrets.resolver';
import type { BrokerConfig } from './broker.config';
import { ConnectionResolver, DynamoConnectionSpecs } from './connection.resolver';
import { SecretsManagerGrantKeys, type GrantKeySource } from './grant-keyring.source';
import { grantKeyringSecretId } from '@lava/core';
import { workerKeySecretId } from '@lava/grants';
import { LedgerRunStatus } from './run-status.source';
import { SecretEvents } from './secret-events';
import { SecretsBroker } from './secrets-broker.service';

export interface BrokerParts {
  clients: AwsClients;
  broker: SecretsBroker;
  logger: Logger;
  /** Redshift clients built on first IAM credential request; destroy them on shutdown. */
  redshift: SdkRedshiftClients;
  telemetry: Telemetry;
}

/** Builds the broker's object graph once at boot. `sink` lets tests capture every log line. */
export async function composeBroker(
  config: BrokerConfig,
  options: { sink?: LogSink } = {},
): Promise<BrokerParts> {
  const logger = serviceLogger(config, 'secrets-broker', { sink: options.sink });
  const clients = createAwsClients(loadAwsConfig(config.env));
  const realm = config.LAVA_REALM;
  const sts = new StsRoleAssumer(clients.sts);
  const redshift = new SdkRedshiftClients(clients.config);
  const resolver = new ConnectionResolver(
    new DynamoConnectionSpecs(new ConnectionsRepository(clients.dynamo, realm)),
    createDefaultRegistry(),
    {
      secrets: new AwsSecretResolver(clients.ssm, clients.secretsManager),
      sts,
      iam: new AwsIamTokens({ config: clients.config, roles: sts, clients: redshift }),
      ecr: new AwsEcrTokens(clients.config),
      region: clients.config.region,
    },
    config.LAVA_BROKER_CACHE_SECONDS,
  );
  const decision = {
    realm,
    keys: new SecretsManagerGrantKeys(clients.secretsManager, grantKeyringSecretId(realm), logger, {
      reloadSeconds: config.LAVA_GRANT_RELOAD_SECONDS,
    }),
    workerKeys: workerKeySources(clients, realm, logger, config.LAVA_GRANT_RELOAD_SECONDS),
    runs: new LedgerRunStatus(clients.dynamo, realm),
    jobs: new JobsRepository(clients.dynamo, realm) as {
      get(id: string): Promise<Record<string, unknown> | undefined>;
    },
    ungrantedRuns: config.LAVA_BROKER_UNGRANTED_RUNS,
    nowSeconds: () => Math.floor(Date.now() / 1000),
  };
  const events = new SecretEvents(new BusPublisher(clients.eventBridge, realmNames(realm).bus));
  const telemetry = await serviceTelemetry(config, 'secrets-broker');
  return {
    clients,
    broker: new SecretsBroker(decision, resolver, events, logger, telemetry),
    logger,
    redshift,
    telemetry,
  };
}

/** One cached keyring per worker fleet, made on first use (fleet names come from verified grants). */
function workerKeySources(
  clients: AwsClients,
  realm: string,
  logger: Logger,
  reloadSeconds: number,
): (worker: string) => GrantKeySource {
  const byWorker = new Map<string, GrantKeySource>();
  return (worker) => {
    let source = byWorker.get(worker);
    if (!source) {
      source = new SecretsManagerGrantKeys(clients.secretsManager, workerKeySecretId(realm, worker), logger, {
        reloadSeconds,
      });
      byWorker.set(worker, source);
    }
    return source;
  };
}
