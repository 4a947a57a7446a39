import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  BusPublisher,
  CachedJobSource,
  createAwsClients,
  JobsRepository,
  loadAwsConfig,
  RealmsRepository,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { Logger } from '@lava/logging';
import type { DispatcherConfig } from './dispatcher.config';
import { DispatchClaims } from './dispatch-claims';
import { DispatchRequestHandler } from './dispatch-request.handler';
import { GrantSigningKeys } from './grant-keys';
import { QueueUrls } from './queue-urls';
import { DispatchOutbox } from './run-sender';

export interface DispatcherParts {
  clients: AwsClients;
  queueUrl: string;
  handler: DispatchRequestHandler;
  logger: Logger;
  grantKeys: GrantSigningKeys;
  outbox: DispatchOutbox;
}

/** Builds the dispatcher's object graph once at boot: every client and port is created here. */
export async function composeDispatcher(config: DispatcherConfig): Promise<DispatcherParts> {
  const logger = new Logger(
    { service: 'dispatcher', realm: config.LAVA_REALM },
    { level: config.LAVA_LOG_LEVEL as 'info' },
  );
  const clients = createAwsClients(loadAwsConfig(config.env));
  const names = realmNames(config.LAVA_REALM);
  const realmRecord = await new RealmsRepository(clients.dynamo).get(config.LAVA_REALM);
  if (!realmRecord)
    throw new Error(
      `realm ${config.LAVA_REALM} has no record in lava.realms: run "lava realm create ${config.LAVA_REALM}" first`,
    );
  const queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.dispatch })))
    .QueueUrl!;
  const grantKeys = new GrantSigningKeys(
    clients.secretsManager,
    config.LAVA_REALM,
    logger,
    config.LAVA_GRANT_RELOAD_SECONDS,
  );
  await grantKeys.start();
  const outbox = new DispatchOutbox(clients.sqs, new BusPublisher(clients.eventBridge, names.bus));
  const handler = new DispatchRequestHandler(
    {
      realm: config.LAVA_REALM,
      dispatchQueueUrl: queueUrl,
      realmRecord,
      limits: {
        maxDelaySeconds: config.LAVA_MAX_DELAY_SECONDS,
        hopSeconds: config.LAVA_DELAY_HOP_SECONDS,
        grantTtlSeconds: config.LAVA_GRANT_TTL_SECONDS,
      },
      deepMergeDefault: config.LAVA_DEEP_MERGE,
      tz: config.LAVA_TZ,
      clock: () => new Date(),
      logger,
    },
    {
      jobs: new CachedJobSource(
        new JobsRepository(clients.dynamo, config.LAVA_REALM),
        config.LAVA_JOB_CACHE_MS,
      ),
      queues: new QueueUrls(clients.sqs),
      claims: new DispatchClaims(clients.dynamo, config.LAVA_REALM, config.LAVA_IDEMPOTENCY_TTL_SECONDS),
      grantKey: () => grantKeys.current(),
      outbox,
    },
  );
  return { clients, queueUrl, handler, logger, grantKeys, outbox };
}
