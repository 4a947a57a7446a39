import { NameError } from '../errors';
import { PATTERNS } from '../values/patterns';

/**
 * Worker names that would collide with a realm's service queues (`lava-<realm>-dispatch`...).
 * The original had no service queues, so no existing worker could use these names.
 */
export const RESERVED_WORKER_NAMES: readonly string[] = ['dispatch', 'audit', 's3events'];

/** Suffix of every dead-letter queue. */
export const DLQ_SUFFIX = '-dlq';

/** The account-wide realms table, shared by every realm of the account. */
export const REALMS_TABLE = 'lava.realms';

/** The Lava services, each its own process (and, deployed, its own ECS service). */
export const SERVICE_NAMES = [
  'scheduler',
  'dispatcher',
  'worker',
  'secrets-broker',
  'audit-logger',
  'api',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * job_id under which the audit logger files operator actions that name no run (pausing and
 * resuming a dispatcher): run_id `dispatcher/<name>`. Reserved: no job may use it.
 */
export const OPERATOR_AUDIT_JOB_ID = 'lava.operator';

/**
 * Attribute stamped on every job put (ISO-8601 UTC, millisecond precision) so the scheduler can
 * reload incrementally. An `x-` name because the core ignores `x-*` fields, so stamped records
 * still validate strictly and stay readable by the original tools.
 */
export const JOB_UPDATED_AT = 'x-lava-updated-at';

/**
 * Non-key job fields the scheduler reads through `dispatcher-index`, so the index must project
 * them (an index that projects only the original's `worker` and `schedule` makes the scheduler
 * read them from the table instead, one batch per 100 jobs).
 */
export const DISPATCHER_INDEX_FIELDS: readonly string[] = [
  'worker',
  'schedule',
  'type',
  'enabled',
  'timezone',
  'catchup',
  JOB_UPDATED_AT,
];

/** Index names of the realm tables (the same in every realm, as in the original's stacks). */
export const TABLE_INDEXES = {
  /** jobs: by `dispatcher`, then `job_id` (the scheduler's query). */
  jobsByDispatcher: 'dispatcher-index',
  /** s3triggers: by `bucket`, then `prefix`. */
  s3triggersByBucketPrefix: 's3trigger-index',
  /** events (local index): by `job_id`, then `tu_event`. */
  eventsByTime: 'job_id-tu_event-index',
} as const;

/** Kinds of per-realm table (`lava.<realm>.<kind>`). */
export const TABLE_KINDS = ['jobs', 'connections', 'events', 's3triggers', 'state', 'rules'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** Kinds of service queue (`lava-<realm>-<kind>`). */
export const SERVICE_QUEUE_KINDS = ['dispatch', 'audit', 's3events'] as const;
export type ServiceQueueKind = (typeof SERVICE_QUEUE_KINDS)[number];

/** Every resource name of a realm. Pure string formatting. */
export interface RealmResourceNames {
  realm: string;
  tables: { realms: string } & Record<TableKind, string>;
  indexes: {
    /** GSI on jobs: `dispatcher` + `job_id`. */
    jobsByDispatcher: string;
    /** GSI on s3triggers: `bucket` + `prefix`. */
    s3triggersByBucketPrefix: string;
    /** LSI on events: `job_id` + `tu_event`. */
    eventsByTime: string;
  };
  eventBus: string;
  queues: Record<ServiceQueueKind, string>;
  deadLetterQueues: Record<ServiceQueueKind, string>;
  /** SNS topic for operator notices. */
  noticesTopic: string;
  /** SNS topic taking dispatch requests from senders that cannot call PutEvents (CLI-style text or JSON). */
  dispatchTopic: string;
  /** SSM parameter prefix for secrets, with trailing `/`. */
  ssmPrefix: string;
  /** Secrets Manager name prefix, with trailing `/`. */
  secretsPrefix: string;
  /** Secrets Manager id of the run-grant keyring (the dispatcher creates it, the broker reads it). */
  grantKeyringSecret: string;
  kmsAliases: { sys: string; user: string };
  /** Prefix of EventBridge rule names owned by the realm (`lava.<realm>.`). */
  rulePrefix: string;
}

/**
 * Resource names of a realm.
 *
 * @example realmResourceNames('acme').tables.jobs === 'lava.acme.jobs'
 * @throws NameError when the realm name breaks `[a-z][a-z0-9_]{2,10}`.
 */
export function realmResourceNames(realm: string): RealmResourceNames {
  assertRealmName(realm);
  const q = (name: string): string => `lava-${realm}-${name}`;
  return {
    realm,
    tables: {
      realms: REALMS_TABLE,
      jobs: `lava.${realm}.jobs`,
      connections: `lava.${realm}.connections`,
      events: `lava.${realm}.events`,
      s3triggers: `lava.${realm}.s3triggers`,
      state: `lava.${realm}.state`,
      rules: `lava.${realm}.rules`,
    },
    indexes: TABLE_INDEXES,
    eventBus: `lava-${realm}`,
    queues: { dispatch: q('dispatch'), audit: q('audit'), s3events: q('s3events') },
    deadLetterQueues: {
      dispatch: q('dispatch') + DLQ_SUFFIX,
      audit: q('audit') + DLQ_SUFFIX,
      s3events: q('s3events') + DLQ_SUFFIX,
    },
    noticesTopic: q('notices'),
    dispatchTopic: q('dispatch'),
    ssmPrefix: `/lava/${realm}/`,
    secretsPrefix: `lava/${realm}/`,
    grantKeyringSecret: grantKeyringSecretId(realm),
    kmsAliases: { sys: `alias/lava-${realm}-sys`, user: `alias/lava-${realm}-user` },
    rulePrefix: `lava.${realm}.`,
  };
}

/** Secrets Manager id of a realm's run-grant keyring: `lava/<realm>/_grant-keys`. */
export function grantKeyringSecretId(realm: string): string {
  return `lava/${realm}/_grant-keys`;
}

/**
 * Worker fleet queue `lava-<realm>-<worker>`.
 *
 * @throws NameError for bad names, reserved service-queue names and names ending in `-dlq`.
 */
export function workerQueueName(realm: string, worker: string): string {
  assertRealmName(realm);
  assertWorkerName(worker);
  const name = `lava-${realm}-${worker}`;
  if (name.length + DLQ_SUFFIX.length > SQS_QUEUE_NAME_MAX) {
    throw new NameError(
      `Bad worker name: ${JSON.stringify(worker)}: queue ${name}${DLQ_SUFFIX} would exceed ${SQS_QUEUE_NAME_MAX} characters`,
    );
  }
  return name;
}

/** SQS's limit on queue names; a fleet's dead-letter queue name must fit too. */
const SQS_QUEUE_NAME_MAX = 80;

/** Dead-letter queue of a worker fleet: `lava-<realm>-<worker>-dlq`. */
export function workerDeadLetterQueueName(realm: string, worker: string): string {
  return workerQueueName(realm, worker) + DLQ_SUFFIX;
}

/** Splits `lava-<realm>-<worker>` back into its parts (the realm never contains `-`). */
export function parseWorkerQueueName(queue: string): { realm: string; worker: string } | undefined {
  const m = /^lava-([^-]+)-(.+)$/.exec(queue);
  return m ? { realm: m[1] as string, worker: m[2] as string } : undefined;
}

export function isValidRealmName(realm: unknown): realm is string {
  return typeof realm === 'string' && PATTERNS.realm.test(realm);
}

export function isValidWorkerName(worker: unknown): worker is string {
  return (
    typeof worker === 'string' &&
    PATTERNS.worker.test(worker) &&
    !RESERVED_WORKER_NAMES.includes(worker) &&
    !worker.endsWith(DLQ_SUFFIX)
  );
}

export function assertRealmName(realm: string): void {
  if (!isValidRealmName(realm)) {
    throw new NameError(`Bad realm name: ${JSON.stringify(realm)}: must match ${PATTERNS.realm.source}`);
  }
}

export function assertWorkerName(worker: string): void {
  if (!isValidWorkerName(worker)) {
    throw new NameError(
      `Bad worker name: ${JSON.stringify(worker)}: must match ${PATTERNS.worker.source}, ` +
        `not be one of ${RESERVED_WORKER_NAMES.join(', ')} and not end in ${DLQ_SUFFIX}`,
    );
  }
}
