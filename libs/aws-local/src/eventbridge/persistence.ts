import { compileRulePattern } from './rule-index';
import { EventBridgeStore, type BusRecord, type RuleRecord, type TargetRecord } from './state';

const FORMAT = 'lava-aws-local/eventbridge@1';

interface SavedRule extends Omit<RuleRecord, 'targets' | 'compiled'> {
  targets: TargetRecord[];
}
interface SavedBus extends Omit<BusRecord, 'rules' | 'creationTime' | 'lastModifiedTime'> {
  creationTime: string;
  lastModifiedTime: string;
  rules: SavedRule[];
}
interface SavedRegion {
  account: string;
  region: string;
  buses: SavedBus[];
}
/** The JSON written to the data directory. */
export interface EventBridgeSnapshot {
  format: typeof FORMAT;
  regions: SavedRegion[];
}

/** Buses, rules and targets of every region as plain JSON (compiled matchers are rebuilt on restore). */
export function snapshotStore(store: EventBridgeStore): EventBridgeSnapshot {
  const regions = [...store.regions.values()].map((r) => ({
    ...r.scope,
    buses: [...r.buses.values()].map(saveBus),
  }));
  return { format: FORMAT, regions };
}

function saveBus(bus: BusRecord): SavedBus {
  return {
    ...bus,
    creationTime: bus.creationTime.toISOString(),
    lastModifiedTime: bus.lastModifiedTime.toISOString(),
    rules: [...bus.rules.values()].map(({ compiled: _compiled, targets, ...rule }) => ({
      ...rule,
      targets: [...targets.values()],
    })),
  };
}

/** Replaces the store's content with a snapshot; unknown formats are ignored (fresh state). */
export function restoreStore(store: EventBridgeStore, data: unknown): void {
  store.regions.clear();
  const snapshot = data as Partial<EventBridgeSnapshot> | undefined;
  if (!snapshot || snapshot.format !== FORMAT || !Array.isArray(snapshot.regions)) return;
  for (const saved of snapshot.regions) {
    const region = store.region(saved);
    region.buses.clear();
    for (const bus of saved.buses) region.buses.set(bus.name, restoreBus(bus));
    region.touch();
  }
}

function restoreBus(saved: SavedBus): BusRecord {
  const rules = new Map<string, RuleRecord>();
  for (const rule of saved.rules) {
    rules.set(rule.name, {
      ...rule,
      targets: new Map(rule.targets.map((t) => [t.Id, t])),
      compiled: rule.eventPattern === undefined ? undefined : compileRulePattern(rule.eventPattern),
    });
  }
  return {
    ...saved,
    creationTime: new Date(saved.creationTime),
    lastModifiedTime: new Date(saved.lastModifiedTime),
    rules,
  };
}
