import { busArn, DEFAULT_BUS, type Scope } from './arns';
import type { CompiledPattern } from './rule-index';
import type { TargetInputConfig } from './target-input';

/** A target as PutTargets stored it (ListTargetsByRule answers these members verbatim). */
export interface TargetRecord extends TargetInputConfig {
  Id: string;
  Arn: string;
  SqsParameters?: { MessageGroupId?: string };
  [member: string]: unknown;
}

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface RuleRecord {
  name: string;
  arn: string;
  busName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  createdBy: string;
  tags: Record<string, string>;
  targets: Map<string, TargetRecord>;
  /** Compiled once at PutRule/restore; never persisted. */
  compiled?: CompiledPattern;
}

export interface BusRecord {
  name: string;
  arn: string;
  description?: string;
  creationTime: Date;
  lastModifiedTime: Date;
  tags: Record<string, string>;
  rules: Map<string, RuleRecord>;
}

/** Buses of one (account, region); the default bus always exists. */
export class RegionState {
  readonly buses = new Map<string, BusRecord>();
  /** Bumped on every rule or bus change, so routing indexes know when to rebuild. */
  version = 0;

  constructor(
    readonly scope: Scope,
    now: Date,
  ) {
    this.addBus(DEFAULT_BUS, now);
  }

  addBus(name: string, now: Date, description?: string, tags: Record<string, string> = {}): BusRecord {
    const bus: BusRecord = {
      name,
      arn: busArn(this.scope, name),
      description,
      creationTime: now,
      lastModifiedTime: now,
      tags,
      rules: new Map(),
    };
    this.buses.set(name, bus);
    this.touch();
    return bus;
  }

  touch(): void {
    this.version++;
  }
}

/** All regions' state, created on first use. */
export class EventBridgeStore {
  readonly regions = new Map<string, RegionState>();

  constructor(private readonly clock: () => Date) {}

  region(scope: Scope): RegionState {
    const key = `${scope.account}/${scope.region}`;
    let state = this.regions.get(key);
    if (!state) {
      state = new RegionState({ account: scope.account, region: scope.region }, this.clock());
      this.regions.set(key, state);
    }
    return state;
  }
}
