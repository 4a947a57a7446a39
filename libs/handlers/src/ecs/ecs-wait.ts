import { JobFailedError, LavaError, type EcsTaskRunner, type EcsTaskState } from '@lava/core';
import type { Logger } from '@lava/logging';
import type { EcsWaitEnd } from './ecs-outcome';

/** Time as the wait needs it: injected so tests run without real delays. */
export interface EcsWaitClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface EcsWaitOptions {
  cluster: string;
  taskArn: string;
  /** Epoch ms after which the task is stopped (StopTask) as timed out. */
  deadline: number;
  pollMs: number;
  /** How long a stopped task may take to read STOPPED before the run gives up on it. */
  stopWaitMs: number;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Polls DescribeTasks until the task is STOPPED. At the deadline, or when the worker shuts down,
 * it asks ECS to stop the task (SIGTERM, then SIGKILL after the container's stopTimeout) and keeps
 * waiting for STOPPED, so the run reports how the task really ended. Throttled describes retry.
 */
export async function waitForStop(
  runner: EcsTaskRunner,
  clock: EcsWaitClock,
  o: EcsWaitOptions,
): Promise<{ state: EcsTaskState; end: EcsWaitEnd }> {
  let end: EcsWaitEnd = 'stopped';
  let giveUpAt = Infinity;
  for (;;) {
    const state = await describe(runner, o);
    if (state?.lastStatus === 'STOPPED') return { state, end };
    if (end === 'stopped' && (clock.now() >= o.deadline || o.signal.aborted)) {
      end = o.signal.aborted ? 'shutdown' : 'timeout';
      o.logger.warn('ecs: stopping the task', { task_arn: o.taskArn, reason: end });
      await runner.stop(
        o.cluster,
        o.taskArn,
        end === 'timeout' ? 'Lava: run timed out' : 'Lava: worker shut down',
      );
      giveUpAt = clock.now() + o.stopWaitMs;
    }
    if (clock.now() > giveUpAt)
      throw new JobFailedError(
        'ECS_TASK_NOT_STOPPED',
        `Task ${o.taskArn} was stopped but did not reach STOPPED in time`,
        {
          task_arn: o.taskArn,
        },
      );
    const untilDeadline = end === 'stopped' ? Math.max(0, o.deadline - clock.now()) : o.pollMs;
    await clock.sleep(
      Math.min(o.pollMs, untilDeadline),
      end === 'stopped' ? o.signal : new AbortController().signal,
    );
  }
}

async function describe(runner: EcsTaskRunner, o: EcsWaitOptions): Promise<EcsTaskState | undefined> {
  try {
    return await runner.describe(o.cluster, o.taskArn);
  } catch (error) {
    if (!(error instanceof LavaError && error.retryable)) throw error;
    o.logger.warn('ecs: DescribeTasks throttled; retrying', { task_arn: o.taskArn });
    return undefined;
  }
}

/** Real time. */
export const SYSTEM_CLOCK: EcsWaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};
