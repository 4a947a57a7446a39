import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  BusPublisher,
  CachedJobSource,
  createAwsClients,
  DynamoFleetStore,
  EventRulesRepository,
  JobsRepository,
  loadAwsConfig,
  RealmsRepository,
  realmNames,
  TriggersRepository,
  type AwsClients,
} from '@lava/aws';
import { createRenderer } from '@lava/templating';
import type { Logger } from '@lava/logging';
import { serviceTelemetry, serviceLogger } from '@lava/service-kit';
import type { Telemetry } from '@lava/core';
import type { DispatcherConfig } from './dispatcher.config';
import { DispatchClaims } from './dispatch-claims';
import { DispatchRequestHandler } from './dispatch-request.handler';
import { GrantSigningKeys } from './grant-keys';
import { QueueUrls } from './queue-urls';
import { DispatchOutbox } from './run-sender';
import { TriggerHandler } from './trigger.handler';
import { TtlMap } from './ttl-map';

export interface DispatcherParts {
  clients: AwsClients;
  telemetry: Telemetry;
  queueUrl: string;
  /** `lava-<realm>-s3events`: S3 object events and rule-trigger events. */
  triggerQueueUrl: string;
  handler: DispatchRequestHandler;
  triggers: TriggerHandler;
  logger: Logger;
  grantKeys: GrantSigningKeys;
  outbox: DispatchOutbox;
}

/** Builds the dispatcher's object graph once at boot: every client and port is created here. */
export async function composeDispatcher(config: DispatcherConfig): Promise<DispatcherParts> {
  const logger = serviceLogger(config, 'dispatcher');
  const clients = createAwsClients(loadAwsConfig(config.env));
  const telemetry = await serviceTelemetry(config, 'dispatcher');
  const names = realmNames(config.LAVA_REALM);
  const realmRecord = await new RealmsRepository(clients.dynamo).get(config.LAVA_REALM);
  if (!realmRecord)
    throw new Error(
      `realm ${config.LAVA_REALM} has no record in lava.realms: run "lava realm create ${config.LAVA_REALM}" first`,
    );
  const queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.dispatch })))
    .QueueUrl!;
  const triggerQueueUrl = (
    await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.s3events }))
  ).QueueUrl!;
  const grantKeys = new GrantSigningKeys(
    clients.secretsManager,
    config.LAVA_REALM,
    logger,
    config.LAVA_GRANT_RELOAD_SECONDS,
  );
  await grantKeys.start();
  const outbox = new DispatchOutbox(clients.sqs, new BusPublisher(clients.eventBridge, names.bus));
  const jobs = new CachedJobSource(
    new JobsRepository(clients.dynamo, config.LAVA_REALM),
    config.LAVA_JOB_CACHE_MS,
  );
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
      telemetry,
    },
    {
      jobs,
      queues: new QueueUrls(clients.sqs),
      claims: new DispatchClaims(clients.dynamo, config.LAVA_REALM, config.LAVA_IDEMPOTENCY_TTL_SECONDS),
      grantKey: () => grantKeys.current(),
      outbox,
      fleets: new DynamoFleetStore(clients.dynamo, config.LAVA_REALM),
    },
  );
  const triggers = composeTriggers(config, clients, realmRecord, { jobs, dispatches: handler, logger });
  return { clients, telemetry, queueUrl, triggerQueueUrl, handler, triggers, logger, grantKeys, outbox };
}

/** The trigger consumer's graph: cached trigger and rule lookups, the dedup window, the renderer. */
function composeTriggers(
  config: DispatcherConfig,
  clients: AwsClients,
  realmRecord: Record<string, unknown>,
  deps: { jobs: CachedJobSource; dispatches: DispatchRequestHandler; logger: Logger },
): TriggerHandler {
  const cacheMs = config.LAVA_S3TRIGGER_CACHE_TTL_SECONDS * 1000;
  const triggerCache = new TtlMap<Record<string, unknown>[]>(200, cacheMs);
  const ruleCache = new TtlMap<Record<string, unknown> | undefined>(200, cacheMs);
  const triggers = new TriggersRepository(clients.dynamo, config.LAVA_REALM);
  const rules = new EventRulesRepository(clients.dynamo, config.LAVA_REALM);
  return new TriggerHandler(
    {
      realm: config.LAVA_REALM,
      region: clients.config.region,
      outputLocation: typeof realmRecord.s3_temp === 'string' ? realmRecord.s3_temp : undefined,
      dedup: new TtlMap<string>(
        config.LAVA_S3TRIGGER_DEDUP_CACHE_SIZE,
        config.LAVA_S3TRIGGER_DEDUP_TTL_SECONDS * 1000,
      ),
      renderer: createRenderer(),
      logger: deps.logger.child({ consumer: 'triggers' }),
    },
    {
      triggers: {
        atLocation: (bucket, prefix) =>
          triggerCache.through(`${bucket}\n${prefix}`, () => triggers.listByLocation(bucket, prefix)),
      },
      rules: { get: (ruleId) => ruleCache.through(ruleId, () => rules.get(ruleId)) },
      jobs: deps.jobs,
      dispatches: deps.dispatches,
    },
  );
}
