import { JobFailure } from './errors';
import type { RunJob } from './handler';

export interface ChildGlobalsOptions {
  /** Across SQS the parent start times travel as ISO strings; in process they stay datetimes. */
  asIsoStrings: boolean;
  /** When set, counts dispatch hops in `lava.dispatch_hops` and refuses past the limit. */
  maxHops?: number;
}

/**
 * The globals a child receives: a deep copy of the parent's with `lava.parent_*` pointing at
 * the parent (reference §5.9). Unlike the original, the parent's own globals are never mutated.
 */
export function childGlobals(parent: RunJob, options: ChildGlobalsOptions): Record<string, unknown> {
  const globals = structuredClone(parent.globals);
  const lava = { ...((globals.lava as Record<string, unknown> | undefined) ?? {}) };
  lava.parent_job_id = parent.job_id;
  lava.parent_start = options.asIsoStrings ? parent.ts_start.toISOString() : parent.ts_start;
  lava.parent_ustart = options.asIsoStrings ? parent.ts_ustart.toISOString() : parent.ts_ustart;
  if (options.asIsoStrings) {
    for (const key of ['master_start', 'master_ustart']) {
      if (lava[key] instanceof Date) lava[key] = (lava[key] as Date).toISOString();
    }
  }
  if (options.maxHops !== undefined) {
    const hops = Number(lava.dispatch_hops ?? 0) + 1;
    if (hops > options.maxHops) {
      throw new JobFailure('DISPATCH_HOPS_EXCEEDED', `Dispatch chain longer than ${options.maxHops} hops (possible cycle)`, { exit_status: 1 });
    }
    lava.dispatch_hops = hops;
  }
  globals.lava = lava;
  return globals;
}
