import { DLQ_SUFFIX, realmResourceNames } from '@lava/core';

/** Physical names of one realm's resources as the AWS adapters use them; names come from `@lava/core`. */
export interface RealmNames {
  realm: string;
  tables: {
    realms: string;
    jobs: string;
    connections: string;
    events: string;
    s3triggers: string;
    state: string;
    rules: string;
  };
  bus: string;
  queues: { dispatch: string; audit: string; s3events: string };
  /** Rule names, as in the CDK realm stack (`lava-<realm>-<target>`). */
  rules: { dispatch: string; audit: string; s3events: string };
  /** SNS topic `lava-<realm>-dispatch`, subscribed by the dispatch queue. */
  topics: { dispatch: string };
  /** Prefix of the EventBridge rules of rule triggers (`lava.<realm>.<rule_id>`). */
  triggerRulePrefix: string;
  /** Default bucket (`_` is not allowed in bucket names, so it becomes `-`). */
  bucket: string;
  ssmPrefix: string;
  secretsPrefix: string;
}

/**
 * Every resource name of a realm, exactly as the original Lava spells them.
 *
 * @example realmNames('acme').tables.jobs === 'lava.acme.jobs'
 * @throws NameError (from `@lava/core`) when the realm breaks `[a-z][a-z0-9_]{2,10}`.
 */
export function realmNames(realm: string): RealmNames {
  const n = realmResourceNames(realm);
  return {
    realm,
    tables: n.tables,
    bus: n.eventBus,
    queues: n.queues,
    rules: { ...n.queues },
    topics: { dispatch: n.dispatchTopic },
    triggerRulePrefix: n.rulePrefix,
    bucket: `lava-${realm.replace(/_/g, '-').replace(/-+$/, '')}`,
    ssmPrefix: n.ssmPrefix,
    secretsPrefix: n.secretsPrefix,
  };
}

/** Dead-letter queue paired with `queueName`. */
export function deadLetterQueueName(queueName: string): string {
  return `${queueName}${DLQ_SUFFIX}`;
}

/** True for a dead-letter queue name. */
export function isDeadLetterQueueName(queueName: string): boolean {
  return queueName.endsWith(DLQ_SUFFIX);
}
