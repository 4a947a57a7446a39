/**
 * The parts of `@lava/aws` the CLI uses, each imported from its own module rather than the
 * package index (which loads every SDK client and NestJS). The compiled CLI (scripts/build-cli.js)
 * turns these re-exports into lazy getters, so a command loads only the modules it touches:
 * `lava --help` loads no SDK at all, `lava runs` only DynamoDB.
 */
export { createAwsClients, type AwsClients } from '@lava/aws/src/config/aws-clients';
export { loadAwsConfig } from '@lava/aws/src/config/aws-config';
export { BusPublisher } from '@lava/aws/src/bus/bus-publisher';
export { ConnectionsRepository } from '@lava/aws/src/repositories/connections.repository';
export {
  EventsRepository,
  publicRunItem,
  type RunEventItem,
} from '@lava/aws/src/repositories/events.repository';
export { JobsChangeMarker } from '@lava/aws/src/scheduling/jobs-change-marker';
export { JobsRepository } from '@lava/aws/src/repositories/jobs.repository';
export { LavaAwsError, ResourceMissingError } from '@lava/aws/src/errors';
export type { ProvisionStep } from '@lava/aws/src/realm/provision-report';
export { ApiTokensRepository } from '@lava/aws/src/repositories/operator-records.repository';
export { RealmsRepository } from '@lava/aws/src/repositories/realms.repository';
export { RunFinder } from '@lava/aws/src/repositories/run-finder';
export { DynamoFleetStore } from '@lava/aws/src/adapters/fleet-store.dynamo';
export { RunOutputReader } from '@lava/aws/src/adapters/run-output-reader';
export { S3LiveLogReader } from '@lava/aws/src/adapters/live-logs.s3';
export { KmsStateCipher } from '@lava/aws/src/adapters/kms-state-cipher';
export { StateRepository, type StateRepositoryOptions } from '@lava/aws/src/repositories/state.repository';
export type { StateType } from '@lava/core';
export { TriggersRepository } from '@lava/aws/src/repositories/triggers.repository';
export { createWorker } from '@lava/aws/src/realm/create-worker';
export { deleteRealm } from '@lava/aws/src/realm/delete-realm';
export { describeRealm } from '@lava/aws/src/realm/describe-realm';
export { provisionRealm } from '@lava/aws/src/realm/provision-realm';
export { realmNames } from '@lava/aws/src/realm/realm-names';
export { listRealmQueues } from '@lava/aws/src/realm/list-realm-queues';
export { realmQueueDepths } from '@lava/aws/src/realm/queue-depths';
export { awsRealmPorts } from '@lava/aws/src/adapters/realm-ports.aws';
