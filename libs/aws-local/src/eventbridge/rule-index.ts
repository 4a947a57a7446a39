import { compilePattern, parseEventPattern, type EventMatcher, type PatternNode } from './pattern';
import type { BusRecord, RuleRecord } from './state';

/** A rule's pattern compiled once, plus the exact `source` values it requires (for indexing). */
export interface CompiledPattern {
  matcher: EventMatcher;
  sources?: string[];
}

/** Validates and compiles pattern text; throws `EventPatternError`. */
export function compileRulePattern(text: string): CompiledPattern {
  const node = parseEventPattern(text);
  return { matcher: compilePattern(node), sources: exactSources(node) };
}

// Most patterns name their sources exactly; those rules are only tried for events of those
// sources. Anything fancier (prefix, $or at the top, …) is tried for every event.
function exactSources(node: PatternNode): string[] | undefined {
  const field = node.fields.find((f) => f.key === 'source');
  if (!field || !Array.isArray(field.node)) return undefined;
  const values: string[] = [];
  for (const m of field.node) {
    if (m.kind !== 'exact' || typeof m.value !== 'string') return undefined;
    values.push(m.value);
  }
  return values;
}

/** Enabled pattern rules of one bus, bucketed by required source. */
export class RuleIndex {
  private readonly bySource = new Map<string, RuleRecord[]>();
  private readonly unindexed: RuleRecord[] = [];

  constructor(bus: BusRecord) {
    const rules = [...bus.rules.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const rule of rules) {
      if (rule.state === 'DISABLED' || !rule.compiled) continue;
      const sources = rule.compiled.sources;
      if (!sources) {
        this.unindexed.push(rule);
        continue;
      }
      for (const source of new Set(sources)) {
        const list = this.bySource.get(source) ?? [];
        list.push(rule);
        this.bySource.set(source, list);
      }
    }
  }

  /** Rules whose pattern matches the (normalised) event. */
  matching(event: { source: unknown }, normalized: unknown): RuleRecord[] {
    const indexed = typeof event.source === 'string' ? (this.bySource.get(event.source) ?? []) : [];
    const out: RuleRecord[] = [];
    for (const rule of indexed) if (rule.compiled?.matcher(normalized)) out.push(rule);
    for (const rule of this.unindexed) if (rule.compiled?.matcher(normalized)) out.push(rule);
    return out;
  }
}
