import type { FleetRecord } from '@lava/core';

/** One child run of a fleet-mode foreach or dag, with its own children when it is a fleet parent too. */
export interface RunTreeNode {
  /** The foreach index or dag member id. */
  key: string;
  job_id: string;
  run_id: string;
  /** The child's run status from the events table; else its fleet state (`pending`, `not_run`). */
  status: string;
  error?: string;
  fleet?: RunTree;
}

export interface RunTree {
  policy: string;
  concurrency: number;
  /** `complete` or `failed` once the fleet is decided. */
  outcome?: string;
  children: RunTreeNode[];
}

export interface RunTreeSources {
  fleet(parentRunId: string): Promise<FleetRecord | undefined>;
  status(jobId: string, runId: string): Promise<string | undefined>;
}

/** Nesting shown at most (a fleet child may be a fleet parent itself). */
const MAX_DEPTH = 5;

/**
 * The tree of child runs under `runId`, when it is a fleet-mode parent: each child's own status,
 * and its own children below it.
 *
 * @example await runTree('0b6f…', { fleet: (id) => store.get(id), status: async () => 'complete' })
 */
export async function runTree(
  runId: string,
  sources: RunTreeSources,
  depth = 0,
): Promise<RunTree | undefined> {
  const record = depth < MAX_DEPTH ? await sources.fleet(runId) : undefined;
  if (!record) return undefined;
  const children = await Promise.all(
    record.children.map(async (c): Promise<RunTreeNode> => {
      const [status, fleet] = await Promise.all([
        c.state === 'pending' || c.state === 'not_run' ? undefined : sources.status(c.job_id, c.run_id),
        runTree(c.run_id, sources, depth + 1),
      ]);
      return {
        key: c.key,
        job_id: c.job_id,
        run_id: c.run_id,
        status: status ?? c.state,
        ...(c.error ? { error: c.error } : {}),
        ...(fleet ? { fleet } : {}),
      };
    }),
  );
  return {
    policy: record.policy,
    concurrency: record.concurrency,
    ...(record.final ? { outcome: record.final.status } : {}),
    children,
  };
}

/** The tree as indented text, one child per line: key, job, run_id, status (and error). */
export function formatRunTree(tree: RunTree, indent = '  '): string {
  const head = `${indent.slice(2)}children (fleet, ${tree.policy}, concurrency ${tree.concurrency}${tree.outcome ? `, ${tree.outcome}` : ''}):`;
  const lines = tree.children.flatMap((c) => [
    `${indent}${c.key.padEnd(6)} ${c.job_id}  ${c.run_id}  ${c.status}${c.error ? `  ${c.error}` : ''}`,
    ...(c.fleet ? [formatRunTree(c.fleet, `${indent}    `).trimEnd()] : []),
  ]);
  return [head, ...lines].join('\n') + '\n';
}
