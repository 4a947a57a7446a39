import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  BusDispatchPort,
  BusPublisher,
  createAwsClients,
  DynamoFleetStore,
  loadAwsConfig,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import type { Logger } from '@lava/logging';
import { serviceTelemetry, serviceLogger } from '@lava/service-kit';
import { buildLavaEvent, LAVA_SOURCES, type Telemetry } from '@lava/core';
import type { AuditLoggerConfig } from './audit-logger.config';
import { AuditHandler } from './audit.handler';
import { FleetCoordinator } from './fleet-coordinator';
import { RunEventCoalescer } from './run-event-coalescer';
import { RunHistoryStore } from './run-history.store';
import { StartWatch } from './start-watch';

export interface AuditLoggerParts {
  clients: AwsClients;
  telemetry: Telemetry;
  queueUrl: string;
  handler: AuditHandler;
  coalescer: RunEventCoalescer;
  logger: Logger;
}

/** Builds the audit logger's object graph once at boot. */
export async function composeAuditLogger(config: AuditLoggerConfig): Promise<AuditLoggerParts> {
  const logger = serviceLogger(config, 'audit-logger');
  const clients = createAwsClients(loadAwsConfig(config.env));
  const telemetry = await serviceTelemetry(config, 'audit-logger');
  const queueUrl = (
    await clients.sqs.send(new GetQueueUrlCommand({ QueueName: realmNames(config.LAVA_REALM).queues.audit }))
  ).QueueUrl!;
  const store = new RunHistoryStore(clients.dynamo, config.LAVA_REALM, config.eventTtlSeconds);
  const coalescer = new RunEventCoalescer(store, config.LAVA_COALESCE_MS);
  const startWatch = config.lostAfterSeconds
    ? new StartWatch(
        {
          send: async (body, delaySeconds) => {
            await clients.sqs.send(
              new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delaySeconds }),
            );
          },
          status: (jobId, runId) => store.status(jobId, runId),
          writer: coalescer,
          logger,
        },
        config.lostAfterSeconds,
      )
    : undefined;
  const handler = new AuditHandler(
    coalescer,
    logger,
    startWatch,
    telemetry,
    fleetCoordinator(clients, config.LAVA_REALM, logger),
  );
  return { clients, telemetry, queueUrl, handler, coalescer, logger };
}

/** The fleet coordinator: dispatches children and resumes parents through the dispatcher. */
function fleetCoordinator(clients: AwsClients, realm: string, logger: Logger): FleetCoordinator {
  const publisher = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
  const dispatcher = new BusDispatchPort(publisher, realm, LAVA_SOURCES.auditLogger);
  return new FleetCoordinator({
    records: new DynamoFleetStore(clients.dynamo, realm),
    dispatch: (request) => dispatcher.dispatch(request),
    resume: async (record) => {
      const detail = {
        job_id: record.parent_job_id,
        realm,
        resume_run_id: record.parent_run_id,
        requested_by: `fleet of ${record.parent_run_id} done`,
      };
      await publisher.publish([
        buildLavaEvent('Dispatch Requested', detail, { source: LAVA_SOURCES.auditLogger }),
      ]);
    },
    logger,
  });
}
