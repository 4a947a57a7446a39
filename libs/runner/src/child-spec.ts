import { JobFailedError, childGlobals, type ChildRunOptions, type RunJob } from '@lava/core';

/**
 * The augmented spec of an in-process child: run_id, ts_dispatch, realm and
 * start times from the parent; globals = child's, then the parent's on top (parent wins), then
 * `options.globals` (foreach values) and `options.lava` keys in `globals.lava`.
 */
export function prepareChild(
  spec: Record<string, unknown>,
  parent: RunJob,
  worker: string,
  tz: string,
  options: ChildRunOptions = {},
): RunJob {
  const jobId = String(spec.job_id);
  if (spec.worker !== worker) {
    // The original's wording: alerts match on it.
    throw new JobFailedError(
      'CHILD_WRONG_WORKER',
      `Job ${jobId}: Worker mismatch: Expected ${worker} but got ${String(spec.worker)}`,
    );
  }
  const globals: Record<string, unknown> = {
    ...structuredClone((spec.globals as Record<string, unknown>) ?? {}),
    ...childGlobals(parent, { tz }),
    ...structuredClone(options.globals ?? {}),
  };
  if (options.lava) globals.lava = { ...(globals.lava as Record<string, unknown>), ...options.lava };
  return {
    ...structuredClone(spec),
    job_id: jobId,
    type: String(spec.type),
    worker,
    payload: spec.payload,
    parameters: structuredClone((spec.parameters as Record<string, unknown>) ?? {}),
    state: structuredClone((spec.state as Record<string, unknown>) ?? {}),
    globals,
    run_id: parent.run_id,
    realm: parent.realm,
    ts_dispatch: parent.ts_dispatch,
    ts_start: parent.ts_start,
    ts_ustart: parent.ts_ustart,
  };
}
