/**
 * `@lava/aws`: AWS adapters for Lava. One client per service (`createAwsClients`), realm
 * naming and provisioning, DynamoDB repositories and the bus publisher. Domain code depends
 * on these through small interfaces; nothing here reads `process.env` except `loadAwsConfig`.
 */
export * from './errors';
export * from './config/aws-config';
export * from './config/aws-clients';
export * from './realm/realm-names';
export * from './realm/table-definitions';
export * from './realm/provision-report';
export * from './realm/provision-tables';
export * from './realm/provision-queues';
export * from './realm/provision-bus';
export * from './realm/provision-bucket';
export * from './realm/provision-topic';
export * from './realm/provision-trigger-rule';
export * from './realm/trigger-queue';
export * from './realm/route-patterns';
export * from './realm/provision-realm';
export * from './realm/describe-realm';
export * from './realm/delete-realm';
export * from './realm/create-worker';
export * from './realm/list-realm-queues';
export * from './realm/queue-depths';
export * from './repositories/table-repository';
export * from './repositories/realms.repository';
export * from './repositories/jobs.repository';
export * from './repositories/connections.repository';
export * from './repositories/triggers.repository';
export * from './repositories/event-rules.repository';
export * from './repositories/state-codec';
export * from './repositories/state-cipher';
export * from './repositories/state.repository';
export * from './repositories/events.repository';
export * from './repositories/operator-records.repository';
export * from './bus/bus-publisher';
export * from './transport';
export * from './adapters';
export * from './lease/dynamo-lease-store';
export * from './repositories/run-finder';
export * from './adapters/run-output-reader';
export * from './adapters/live-logs.s3';
export * from './bus/batching-publisher';
export * from './scheduling/jobs-change-marker';
export * from './dynamo';
