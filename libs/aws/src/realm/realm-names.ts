import { InvalidNameError } from '../errors';

/** Realm names: no `-`, so a queue name splits back into `lava`, realm and worker. */
export const REALM_NAME_PATTERN = /^[a-z][a-z0-9_]{2,10}$/;
/** Worker names may contain `-`. */
export const WORKER_NAME_PATTERN = /^[a-z][-a-z0-9_]{2,10}$/;

/** The global realms table, shared by every realm of the account. */
export const REALMS_TABLE = 'lava.realms';

/** Suffix of every dead-letter queue. */
export const DLQ_SUFFIX = '-dlq';

/** Physical names of one realm's resources (DESIGN.md "One realm"). */
export interface RealmNames {
  realm: string;
  tables: { realms: string; jobs: string; connections: string; events: string; s3triggers: string; state: string };
  bus: string;
  queues: { dispatch: string; audit: string; s3events: string };
  rules: { dispatch: string; audit: string; s3events: string };
  /** Default bucket (`_` is not allowed in bucket names, so it becomes `-`). */
  bucket: string;
  ssmPrefix: string;
  secretsPrefix: string;
}

/** Throws `InvalidNameError` unless `realm` matches `REALM_NAME_PATTERN`. */
export function assertRealmName(realm: string): void {
  if (!REALM_NAME_PATTERN.test(realm)) throw new InvalidNameError('realm', realm, String(REALM_NAME_PATTERN));
}

/** Throws `InvalidNameError` unless `worker` matches `WORKER_NAME_PATTERN`. */
export function assertWorkerName(worker: string): void {
  if (!WORKER_NAME_PATTERN.test(worker)) throw new InvalidNameError('worker', worker, String(WORKER_NAME_PATTERN));
}

/**
 * Every resource name of a realm, exactly as the original Lava spells them.
 *
 * @example realmNames('acme').tables.jobs === 'lava.acme.jobs'
 */
export function realmNames(realm: string): RealmNames {
  assertRealmName(realm);
  const t = (name: string) => `lava.${realm}.${name}`;
  const q = (name: string) => `lava-${realm}-${name}`;
  return {
    realm,
    tables: { realms: REALMS_TABLE, jobs: t('jobs'), connections: t('connections'), events: t('events'), s3triggers: t('s3triggers'), state: t('state') },
    bus: `lava-${realm}`,
    queues: { dispatch: q('dispatch'), audit: q('audit'), s3events: q('s3events') },
    rules: { dispatch: q('dispatch'), audit: q('audit'), s3events: q('s3events') },
    bucket: `lava-${realm.replace(/_/g, '-').replace(/-+$/, '')}`,
    ssmPrefix: `/lava/${realm}/`,
    secretsPrefix: `lava/${realm}/`,
  };
}

/** Queue of a worker fleet: `lava-<realm>-<worker>`. */
export function workerQueueName(realm: string, worker: string): string {
  assertRealmName(realm);
  assertWorkerName(worker);
  return `lava-${realm}-${worker}`;
}

/** Dead-letter queue paired with `queueName`. */
export function deadLetterQueueName(queueName: string): string {
  return `${queueName}${DLQ_SUFFIX}`;
}
