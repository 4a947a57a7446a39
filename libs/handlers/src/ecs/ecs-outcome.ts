import type { EcsTaskState } from '@lava/core';

/** How the wait for a task ended: it stopped by itself, or Lava stopped it. */
export type EcsWaitEnd = 'stopped' | 'timeout' | 'shutdown';

export type EcsOutcome =
  { ok: true; exitStatus: number } | { ok: false; code: string; message: string; exitStatus: number | null };

/**
 * The run's result from a STOPPED task (pure; tested as a table). The exit status is that of
 * `container` when the job names one, else the first non-zero exit code of any container (0 when
 * every container exited 0). A task that never started, or stopped with a container lacking an
 * exit code, fails without one.
 */
export function ecsOutcome(state: EcsTaskState, end: EcsWaitEnd, container?: string): EcsOutcome {
  const exitStatus = exitStatusOf(state, container);
  if (end === 'timeout')
    return { ok: false, code: 'JOB_TIMEOUT', message: 'Timed out: task stopped', exitStatus };
  if (end === 'shutdown')
    return {
      ok: false,
      code: 'JOB_STOPPED',
      message: 'Stopped by worker shutdown: task stopped',
      exitStatus,
    };
  const why =
    state.stopCode === 'EssentialContainerExited' ? '' : ` (${state.stopCode}: ${state.stoppedReason})`;
  if (state.stopCode === 'TaskFailedToStart')
    return {
      ok: false,
      code: 'ECS_TASK_FAILED_TO_START',
      message: `Task failed to start: ${state.stoppedReason}`,
      exitStatus: null,
    };
  if (exitStatus === 0) return { ok: true, exitStatus };
  if (exitStatus === null) {
    const reasons = state.containers.map((c) => c.reason).filter(Boolean);
    return {
      ok: false,
      code: 'ECS_TASK_FAILED',
      message: `Task stopped without an exit code${why}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
      exitStatus,
    };
  }
  return {
    ok: false,
    code: 'JOB_EXIT_STATUS',
    message: `Failed with exit status ${exitStatus}${why}`,
    exitStatus,
  };
}

function exitStatusOf(state: EcsTaskState, container: string | undefined): number | null {
  if (container) return state.containers.find((c) => c.name === container)?.exitCode ?? null;
  const failed = state.containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
  if (failed) return failed.exitCode!;
  return state.containers.length > 0 && state.containers.every((c) => c.exitCode === 0) ? 0 : null;
}
