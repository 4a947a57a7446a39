import type { OperationsPorts, OutputReader, RunReader, RunRecord } from '@lava/operations';
import type { AwsClients } from '../config/aws-clients';
import { realmQueueDepths } from '../realm/queue-depths';
import { EventRulesRepository } from '../repositories/event-rules.repository';
import { EventsRepository, publicRunItem, type RunEventItem } from '../repositories/events.repository';
import { DispatcherPausesRepository } from '../repositories/operator-records.repository';
import { JobsRepository } from '../repositories/jobs.repository';
import { RealmsRepository } from '../repositories/realms.repository';
import { RunFinder } from '../repositories/run-finder';
import { TriggersRepository } from '../repositories/triggers.repository';
import { DynamoFleetStore } from './fleet-store.dynamo';
import { S3LiveLogReader } from './live-logs.s3';
import { RunOutputReader } from './run-output-reader';

/**
 * The realm's tables, queues, bucket and bus as the ports of `@lava/operations`: one definition
 * shared by the HTTP API and the `lava` CLI, so both operate the realm the same way.
 *
 * @example const operator = new RealmOperator(awsRealmPorts(clients, 'acme', bus, 'UTC'));
 */
export function awsRealmPorts(
  clients: AwsClients,
  realm: string,
  publish: OperationsPorts['bus'],
  defaultTimezone: string,
): OperationsPorts {
  const jobs = new JobsRepository(clients.dynamo, realm);
  const triggers = new TriggersRepository(clients.dynamo, realm);
  const rules = new EventRulesRepository(clients.dynamo, realm);
  const pauses = new DispatcherPausesRepository(clients.dynamo, realm);
  const fleets = new DynamoFleetStore(clients.dynamo, realm);
  return {
    realm,
    jobs: { get: (id) => jobs.get(id), list: () => jobs.list() },
    runs: runReader(clients, realm),
    outputs: outputReader(clients, realm),
    queues: { depths: () => realmQueueDepths(clients.sqs, realm) },
    triggers: { s3Triggers: () => triggers.list(), rules: () => rules.list() },
    pauses: {
      all: () => pauses.all(),
      store: (name, pause) => pauses.store(name, { ...pause }),
      remove: (name) => pauses.remove(name),
    },
    fleets: { get: (id) => fleets.get(id) },
    bus: publish,
    defaultTimezone,
    clock: () => new Date(),
  };
}

function runReader(clients: AwsClients, realm: string): RunReader {
  const events = new EventsRepository(clients.dynamo, realm);
  const finder = new RunFinder(clients.dynamo, realm);
  const view = (items: RunEventItem[]) => items.map((i) => publicRunItem(i) as RunRecord);
  return {
    listRuns: async (jobId, limit) => view(await events.listRuns(jobId, limit)),
    recent: async (query) => view(await events.recent(query)),
    findByRunId: async (runId) => view(await finder.findByRunId(runId)),
  };
}

/** Outputs live under the realm record's `s3_temp`, read once and kept (it does not change). */
function outputReader(clients: AwsClients, realm: string): OutputReader {
  const reader = new RunOutputReader(clients.s3);
  const live = new S3LiveLogReader(clients.s3);
  let temp: Promise<string | undefined> | undefined;
  const s3Temp = () => {
    temp ??= new RealmsRepository(clients.dynamo).get(realm).then((r) => r?.s3_temp as string | undefined);
    return temp;
  };
  return {
    list: async (jobId, runId) => {
      const t = await s3Temp();
      return t ? reader.list(t, jobId, runId) : [];
    },
    read: (uri) => reader.read(uri),
    live: async (jobId, runId, after) => {
      const t = await s3Temp();
      return t ? live.read(t, jobId, runId, after) : [];
    },
  };
}
