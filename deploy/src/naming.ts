import {
  DLQ_SUFFIX,
  realmResourceNames,
  workerQueueName,
  type RealmResourceNames,
  type ServiceName,
  type ServiceQueueKind,
  type TableKind,
} from '@lava/core';

/**
 * Names of one realm's deployed resources. Every name a service also uses comes from
 * `realmResourceNames` of `@lava/core`, so a realm deployed by CDK is indistinguishable from one
 * made by `lava realm create`; only deployment-only names (ECS services, log groups, the DNS-safe
 * realm) are made here.
 */
export class DeployNames {
  private readonly names: RealmResourceNames;

  constructor(readonly realm: string) {
    this.names = realmResourceNames(realm);
  }

  table(kind: TableKind): string {
    return this.names.tables[kind];
  }

  get bus(): string {
    return this.names.eventBus;
  }

  serviceQueue(kind: ServiceQueueKind): string {
    return this.names.queues[kind];
  }

  workerQueue(fleet: string): string {
    return workerQueueName(this.realm, fleet);
  }

  dlq(queueName: string): string {
    return `${queueName}${DLQ_SUFFIX}`;
  }

  get noticesTopic(): string {
    return this.names.noticesTopic;
  }

  /** SNS topic whose messages (CLI-style text or JSON dispatch requests) reach the dispatch queue. */
  get dispatchTopic(): string {
    return this.names.dispatchTopic;
  }

  /** Prefix of the EventBridge rules `lava rule put` creates (`lava.<realm>.<rule_id>`). */
  get triggerRulePrefix(): string {
    return this.names.rulePrefix;
  }

  /** SSM parameter path prefix (no trailing slash) readable only by the secrets broker. */
  get ssmPrefix(): string {
    return this.names.ssmPrefix.replace(/\/$/, '');
  }

  /** Secrets Manager name prefix readable only by the secrets broker (the dispatcher reaches its keyring alone). */
  get secretPrefix(): string {
    return this.names.secretsPrefix.replace(/\/$/, '');
  }

  /** The run-grant keyring secret (see libs/grants `GrantKeyringDocument`). */
  get grantKeysSecret(): string {
    return this.names.grantKeyringSecret;
  }

  /** A worker fleet's broker-request signing key (libs/grants `workerKeySecretId`). */
  workerKeySecret(fleet: string): string {
    return `lava/${this.realm}/_worker-keys/${fleet}`;
  }

  /** The realm name where `_` is not allowed (stack names, DNS names): `_` becomes `-`. */
  get dns(): string {
    return this.realm.replace(/_/g, '-');
  }

  ecsService(service: ServiceName, fleet?: string): string {
    return fleet ? `lava-${this.realm}-${service}-${fleet}` : `lava-${this.realm}-${service}`;
  }

  logGroup(service: ServiceName, fleet?: string): string {
    return fleet ? `/lava/${this.realm}/ecs/${service}-${fleet}` : `/lava/${this.realm}/ecs/${service}`;
  }
}
