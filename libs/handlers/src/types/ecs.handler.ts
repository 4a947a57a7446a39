import {
  JobFailedError,
  LavaError,
  parseDuration,
  runConfig,
  type EcsTaskRunner,
  type HandlerContext,
  type HandlerResult,
} from '@lava/core';
import type { JobHandler } from '../handler';
import { BadParametersError } from '../errors';
import { checkDeclaredParameters } from '../exec/parameters';
import { timeoutMs } from '../exec/timeout';
import { copyTaskLogs } from '../ecs/ecs-logs';
import { ecsOutcome } from '../ecs/ecs-outcome';
import { ecsTaskRequest } from '../ecs/ecs-request';
import { SYSTEM_CLOCK, waitForStop, type EcsWaitClock } from '../ecs/ecs-wait';

const NO_CONNECTIONS =
  'ecs jobs take no connections: overrides are visible to anyone allowed ecs:DescribeTasks; ' +
  'give the task definition `secrets` (SSM or Secrets Manager) or a task role instead (docs/ecs-jobs.md)';

/**
 * `ecs`: runs one ECS task and waits for it (docs/ecs-jobs.md). The task's exit code is the run
 * status, its awslogs output is copied to the run's outputs, and a run that times out (or whose
 * worker shuts down) stops its task with StopTask.
 */
export class EcsHandler implements JobHandler {
  readonly type = 'ecs';

  constructor(private readonly clock: EcsWaitClock = SYSTEM_CLOCK) {}

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    if ('connections' in p) throw new BadParametersError(this.type, NO_CONNECTIONS);
    checkDeclaredParameters(this.type, p);
    const runner = ctx.ecs;
    if (!runner)
      throw new JobFailedError('ECS_UNAVAILABLE', 'This worker cannot run ecs jobs (no ECS access wired)');
    const request = await ecsTaskRequest(ctx);
    const timeout = timeoutMs(ctx, 'ECS_TIMEOUT');
    const task = await startTask(runner, request);
    ctx.logger.info('ecs task started', {
      task_arn: task.taskArn,
      cluster: request.cluster,
      task_definition: request.taskDefinition,
    });
    const { state, end } = await waitForStop(runner, this.clock, {
      cluster: request.cluster,
      taskArn: task.taskArn,
      deadline: this.clock.now() + timeout,
      pollMs: configMs(ctx, 'ECS_POLL_INTERVAL'),
      stopWaitMs: configMs(ctx, 'ECS_STOP_WAIT'),
      signal: ctx.signal,
      logger: ctx.logger,
    });
    const output = await copyTaskLogs(ctx, runner, request.cluster, task.taskArn);
    const result = {
      task_arn: task.taskArn,
      cluster: request.cluster,
      stop_code: state.stopCode ?? null,
      output,
    };
    const outcome = ecsOutcome(state, end, request.container);
    ctx.logger.info('ecs task stopped', { task_arn: task.taskArn, stop_code: state.stopCode ?? null });
    if (outcome.ok) return { exit_status: outcome.exitStatus, ...result };
    const message =
      end === 'timeout' ? `${outcome.message} after ${(timeout / 1000).toFixed(1)} seconds` : outcome.message;
    throw new JobFailedError(outcome.code, message, { exit_status: outcome.exitStatus, ...result });
  }
}

/** RunTask; ECS's refusals fail the run with ECS's reason, retryable errors (throttling) pass up. */
async function startTask(runner: EcsTaskRunner, request: Parameters<EcsTaskRunner['run']>[0]) {
  try {
    return await runner.run(request);
  } catch (error) {
    if (error instanceof LavaError && error.retryable) throw error;
    throw new JobFailedError(
      'ECS_RUN_TASK_FAILED',
      `Could not run the task: ${(error as Error).message}`,
      null,
      {
        cause: error,
      },
    );
  }
}

function configMs(ctx: HandlerContext, key: 'ECS_POLL_INTERVAL' | 'ECS_STOP_WAIT'): number {
  const raw = runConfig(ctx, key);
  try {
    return Math.round(parseDuration(raw) * 1000);
  } catch {
    throw new JobFailedError('BAD_CONFIG', `config ${key}: bad duration ${JSON.stringify(raw)}`);
  }
}
