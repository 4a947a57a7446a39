import { JobFailedError } from '../errors';
import type { RunJob } from '../ports/handler-ports';
import { lavaTimestamp } from './lava-globals';

export interface ChildGlobalsOptions {
  /** Time zone of the local start times (`LAVA_TZ`): `parent_start` keeps its offset. */
  tz: string;
  /** When set, counts dispatch hops in `lava.dispatch_hops` and refuses past the limit. */
  maxHops?: number;
}

/**
 * The globals a child receives: a deep copy of the parent's with `lava.parent_*` pointing at
 * the parent, as ISO strings with their offset (the original's `isoformat()` form, in process and
 * across SQS alike). Unlike the original, the parent's own globals are never mutated.
 */
export function childGlobals(parent: RunJob, options: ChildGlobalsOptions): Record<string, unknown> {
  const globals = structuredClone(parent.globals);
  const lava = { ...((globals.lava as Record<string, unknown> | undefined) ?? {}) };
  lava.parent_job_id = parent.job_id;
  lava.parent_start = lavaTimestamp(parent.ts_start, options.tz);
  lava.parent_ustart = lavaTimestamp(parent.ts_ustart, 'UTC');
  if (options.maxHops !== undefined) {
    const hops = Number(lava.dispatch_hops ?? 0) + 1;
    if (hops > options.maxHops) {
      throw new JobFailedError(
        'DISPATCH_HOPS_EXCEEDED',
        `Dispatch chain longer than ${options.maxHops} hops (possible cycle)`,
        { exit_status: 1 },
      );
    }
    lava.dispatch_hops = hops;
  }
  globals.lava = lava;
  return globals;
}
