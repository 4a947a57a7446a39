import { dagBatches, dagGraph } from '@lava/core';
import { InvalidDagError } from '../errors';

/** Each job and the jobs it depends on (what every dag source reads into). */
export type Dependencies = Map<string, Set<string>>;

/** Adds one successor/predecessor pair (`predecessor` empty: the job has none). */
export function addDependency(deps: Dependencies, job: string, predecessor?: string | null): void {
  const set = deps.get(job) ?? new Set<string>();
  if (predecessor) set.add(predecessor);
  deps.set(job, set);
}

/**
 * The matrix form: the first column names successors, the first row predecessors; any non-empty
 * cell is a dependency. A successor may appear on several rows.
 */
export function matrixDependencies(rows: string[][]): Dependencies {
  const [header, ...body] = rows;
  const deps: Dependencies = new Map();
  for (const row of body) {
    const job = row[0]?.trim();
    if (!job) continue;
    addDependency(deps, job);
    row.slice(1).forEach((cell, i) => {
      const predecessor = header?.[i + 1]?.trim();
      if (cell.trim() && predecessor) addDependency(deps, job, predecessor);
    });
  }
  return deps;
}

export interface DagSpecOptions {
  /** Singletons as a string, no-dependency members that others name left out. */
  compact?: boolean;
  prefix?: string;
  /** Wrap the payload in this key. */
  wrap?: string;
}

/** Refuses an empty graph and a cycle, naming the jobs in it. */
export function checkDag(deps: Dependencies): void {
  if (!deps.size) throw new InvalidDagError('DAG is empty');
  const order = dagBatches(dagGraph(plain(deps)));
  if ('cycle' in order) throw new InvalidDagError(`Nodes are in a cycle: ${order.cycle.join(', ')}`);
}

function plain(deps: Dependencies): Record<string, string[]> {
  return Object.fromEntries([...deps].map(([job, set]) => [job, [...set].sort()]));
}

/** The dag job's payload (`{job: predecessors}`), as the original's lava-dag-gen wrote it. */
export function dagPayload(deps: Dependencies, opts: DagSpecOptions = {}): Record<string, unknown> {
  checkDag(deps);
  const named = new Set([...deps.values()].flatMap((s) => [...s]));
  const prefix = opts.prefix ?? '';
  const out: Record<string, unknown> = {};
  for (const [job, set] of [...deps].sort(([a], [b]) => a.localeCompare(b))) {
    const preds = [...set].sort().map((p) => prefix + p);
    if (!opts.compact) out[prefix + job] = preds;
    // Compact: a member others depend on is run anyway, so it needs no entry of its own.
    else if (!preds.length && !named.has(job)) out[prefix + job] = null;
    else if (preds.length === 1) out[prefix + job] = preds[0];
    else if (preds.length) out[prefix + job] = preds;
  }
  return opts.wrap ? { [opts.wrap]: out } : out;
}

/** `--order`: one possible run order, in batches of jobs that may run together. */
export function dagOrderText(deps: Dependencies, prefix = ''): string {
  checkDag(deps);
  const result = dagBatches(dagGraph(plain(deps)));
  if ('cycle' in result) return '';
  return result.batches
    .map((batch, i) => [`Batch ${i + 1}`, ...batch.sort().map((j) => `  - ${prefix}${j}`)].join('\n'))
    .join('\n');
}
