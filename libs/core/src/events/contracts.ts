import type { RunStatus } from './statuses';
import {
  DISPATCH_REJECTED_SCHEMA,
  DISPATCH_REQUESTED_SCHEMA,
  JOB_DISPATCHED_SCHEMA,
  OPERATOR_ACTION_SCHEMA,
  SCHEDULE_MISSED_SCHEMA,
  SECRET_ACCESSED_SCHEMA,
  SECRET_DENIED_SCHEMA,
  runEventSchema,
} from './event-schemas';

/** EventBridge `source` of each Lava service. */
export const LAVA_SOURCES = {
  cli: 'lava.cli',
  dispatcher: 'lava.dispatcher',
  worker: 'lava.worker',
  scheduler: 'lava.scheduler',
  secretsBroker: 'lava.secrets-broker',
  auditLogger: 'lava.audit-logger',
  api: 'lava.api',
} as const;
export type LavaSource = (typeof LAVA_SOURCES)[keyof typeof LAVA_SOURCES];

/** Every cross-service event type. */
export const DETAIL_TYPES = {
  dispatchRequested: 'Dispatch Requested',
  jobDispatched: 'Job Dispatched',
  dispatchRejected: 'Dispatch Rejected',
  jobRunStarted: 'Job Run Started',
  jobRunSucceeded: 'Job Run Succeeded',
  jobRunFailed: 'Job Run Failed',
  jobRunRetrying: 'Job Run Retrying',
  jobRunSkipped: 'Job Run Skipped',
  jobRunRejected: 'Job Run Rejected',
  jobRunActionFailed: 'Job Run Action Failed',
  secretAccessed: 'Secret Accessed',
  secretDenied: 'Secret Denied',
  scheduleMissed: 'Schedule Missed',
  operatorAction: 'Operator Action',
} as const;
export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];
/** Event types a worker publishes for a run's status changes (`Job Run *`). */
export type RunEventDetailType = Extract<DetailType, `Job Run ${string}`>;

/** One versioned event contract. */
export interface EventContract {
  detailType: DetailType;
  /** Sources allowed to publish it. */
  sources: readonly string[];
  /** Any non-`aws.` source may publish it too (external systems requesting dispatches). */
  externalSources: boolean;
  /** ajv schema of `detail`. */
  schema: object;
  /** Current `schema_version`. Receivers refuse newer versions. */
  version: number;
  /** Run statuses the event carries (the audit logger writes them to the events table). */
  statuses: readonly RunStatus[];
}

const { cli, dispatcher, worker, scheduler, secretsBroker, api, auditLogger } = LAVA_SOURCES;

function run(detailType: DetailType, statuses: RunStatus[]): EventContract {
  return {
    detailType,
    sources: [worker],
    externalSources: false,
    schema: runEventSchema(statuses),
    version: 1,
    statuses,
  };
}

/** Every contract, keyed by detail-type. */
export const EVENT_CONTRACTS: Readonly<Record<DetailType, EventContract>> = {
  'Dispatch Requested': {
    detailType: 'Dispatch Requested',
    // The audit logger dispatches the next children of a fleet-mode foreach or dag.
    sources: [cli, scheduler, worker, dispatcher, api, auditLogger],
    externalSources: true,
    schema: DISPATCH_REQUESTED_SCHEMA,
    version: 1,
    statuses: [],
  },
  'Job Dispatched': {
    detailType: 'Job Dispatched',
    sources: [dispatcher],
    externalSources: false,
    schema: JOB_DISPATCHED_SCHEMA,
    version: 1,
    statuses: ['dispatched'],
  },
  'Dispatch Rejected': {
    detailType: 'Dispatch Rejected',
    sources: [dispatcher],
    externalSources: false,
    schema: DISPATCH_REJECTED_SCHEMA,
    version: 1,
    statuses: ['rejected'],
  },
  // `running` marks each iteration, `logging` the event_log record and `waiting` a fleet-mode
  // parent whose children run as runs of their own; all are progress.
  'Job Run Started': run('Job Run Started', ['starting', 'running', 'logging', 'waiting']),
  'Job Run Succeeded': run('Job Run Succeeded', ['complete']),
  'Job Run Failed': run('Job Run Failed', ['failed']),
  'Job Run Retrying': run('Job Run Retrying', ['retrying']),
  'Job Run Skipped': run('Job Run Skipped', ['skipped']),
  'Job Run Rejected': run('Job Run Rejected', ['rejected']),
  'Job Run Action Failed': run('Job Run Action Failed', ['action_failed']),
  'Secret Accessed': {
    detailType: 'Secret Accessed',
    sources: [secretsBroker],
    externalSources: false,
    schema: SECRET_ACCESSED_SCHEMA,
    version: 1,
    statuses: [],
  },
  'Secret Denied': {
    detailType: 'Secret Denied',
    sources: [secretsBroker],
    externalSources: false,
    schema: SECRET_DENIED_SCHEMA,
    version: 1,
    statuses: [],
  },
  'Schedule Missed': {
    detailType: 'Schedule Missed',
    sources: [scheduler],
    externalSources: false,
    schema: SCHEDULE_MISSED_SCHEMA,
    version: 1,
    statuses: [],
  },
  // The audit trail of operating requests (HTTP API and `lava schedule pause|resume`): who
  // dispatched, retried, paused or resumed what.
  'Operator Action': {
    detailType: 'Operator Action',
    sources: [api, cli],
    externalSources: false,
    schema: OPERATOR_ACTION_SCHEMA,
    version: 1,
    statuses: [],
  },
};

/** The run-event detail-type for a status written by a worker. */
export function runEventDetailType(status: RunStatus): RunEventDetailType {
  const hit = (Object.values(EVENT_CONTRACTS) as EventContract[]).find(
    (c) => c.sources.includes(worker) && c.statuses.includes(status) && isRunEventDetailType(c.detailType),
  );
  if (!hit) throw new Error(`No run event carries status ${status}`);
  return hit.detailType as RunEventDetailType;
}

/** Whether `detailType` is one of the `Job Run *` events. */
export function isRunEventDetailType(detailType: string): detailType is RunEventDetailType {
  return detailType.startsWith('Job Run ');
}

/** Detail-types whose events the audit logger turns into events-table entries. */
export const AUDITED_DETAIL_TYPES: readonly DetailType[] = (Object.values(EVENT_CONTRACTS) as EventContract[])
  .filter((c) => c.statuses.length > 0)
  .map((c) => c.detailType);
