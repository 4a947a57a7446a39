import { idList } from './child-jobs';
import { isPlainObject } from './json';

/** A dag: each member job and the members that must complete before it starts. */
export type DagGraph = Map<string, string[]>;

/**
 * The dag payload `{ job: predecessors }` as a graph, with `prefix` applied. Predecessors are an
 * id, a list of ids, a comma-separated string, `null` or `[]`; every id named anywhere is a
 * member (a predecessor without its own key has no predecessors).
 *
 * @throws TypeError when the payload is not a map or a predecessor list is of another type.
 * @example dagGraph({ b: 'a' }) → Map { 'b' => ['a'], 'a' => [] }
 */
export function dagGraph(payload: unknown, prefix = ''): DagGraph {
  if (!isPlainObject(payload)) throw new TypeError('payload must be a map');
  const graph: DagGraph = new Map();
  for (const [id, before] of Object.entries(payload)) {
    if (before !== null && before !== undefined && typeof before !== 'string' && !Array.isArray(before)) {
      throw new TypeError(`predecessors of ${id} must be a job id, a list of job ids or null`);
    }
    const preds = before === null || before === undefined ? [] : idList(before).map((p) => prefix + p);
    graph.set(prefix + id, [...new Set([...(graph.get(prefix + id) ?? []), ...preds])]);
    for (const p of preds) if (!graph.has(p)) graph.set(p, []);
  }
  return graph;
}

/**
 * The members in batches: each batch's members have all their predecessors in earlier batches
 * (members of one batch may run at once); or the members left in a cycle (sorted) when there is none.
 */
export function dagBatches(graph: DagGraph): { batches: string[][] } | { cycle: string[] } {
  const remaining = new Map([...graph].map(([id, preds]) => [id, new Set(preds)]));
  const batches: string[][] = [];
  for (;;) {
    const ready = [...remaining].filter(([, preds]) => preds.size === 0).map(([id]) => id);
    if (!ready.length) break;
    batches.push(ready);
    for (const id of ready) {
      remaining.delete(id);
      for (const preds of remaining.values()) preds.delete(id);
    }
  }
  return remaining.size ? { cycle: [...remaining.keys()].sort() } : { batches };
}

/**
 * The members in an order where each comes after its predecessors, or the members left in a
 * cycle (sorted) when there is none.
 */
export function dagOrder(graph: DagGraph): { order: string[] } | { cycle: string[] } {
  const result = dagBatches(graph);
  return 'cycle' in result ? result : { order: result.batches.flat() };
}

/** Parameters of a `dag` job, beyond the fleet-mode ones. */
export const DAG_PARAMETERS = ['job_prefix', 'workers', 'can_fail'] as const;
