/**
 * Resource names of one realm, exactly as `../shared/DESIGN.md` lists them, so that a realm
 * deployed by CDK is indistinguishable from one made by `lava realm create`.
 */
export const SERVICE_NAMES = ['scheduler', 'dispatcher', 'worker', 'secrets-broker', 'audit-logger'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const TABLE_KINDS = ['jobs', 'connections', 'events', 's3triggers', 'state'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const SERVICE_QUEUE_KINDS = ['dispatch', 'audit', 's3events'] as const;
export type ServiceQueueKind = (typeof SERVICE_QUEUE_KINDS)[number];

/** The account-wide realms table (`lava.realms`). */
export const REALMS_TABLE = 'lava.realms';

/** Names derived from one realm name. */
export class RealmNames {
  constructor(readonly realm: string) {}

  table(kind: TableKind): string {
    return `lava.${this.realm}.${kind}`;
  }

  get bus(): string {
    return `lava-${this.realm}`;
  }

  serviceQueue(kind: ServiceQueueKind): string {
    return `lava-${this.realm}-${kind}`;
  }

  workerQueue(fleet: string): string {
    return `lava-${this.realm}-${fleet}`;
  }

  dlq(queueName: string): string {
    return `${queueName}-dlq`;
  }

  get noticesTopic(): string {
    return `lava-${this.realm}-notices`;
  }

  /** SSM parameter path prefix (no trailing slash) readable only by the secrets broker. */
  get ssmPrefix(): string {
    return `/lava/${this.realm}`;
  }

  /** Secrets Manager name prefix readable only by the secrets broker (the dispatcher reaches its keyring alone). */
  get secretPrefix(): string {
    return `lava/${this.realm}`;
  }

  /** The run-grant keyring secret (see libs/grants `GrantKeyringDocument`). */
  get grantKeysSecret(): string {
    return `lava/${this.realm}/_grant-keys`;
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
