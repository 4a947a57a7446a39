import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EcsContainerLog, EcsTaskRequest, EcsTaskRunner, EcsTaskState } from '@lava/core';
import { awsErrorCode, EcsTaskError, ThrottledError } from '../errors';

const THROTTLED = new Set(['ThrottlingException', 'ServerException', 'ServiceUnavailableException']);

/**
 * The `ecs` job type's port on AWS: RunTask with the job's overrides, DescribeTasks until STOPPED,
 * StopTask on timeout, and the containers' awslogs output read back with GetLogEvents. Needs
 * ecs:RunTask, ecs:DescribeTasks, ecs:StopTask, ecs:DescribeTaskDefinition, iam:PassRole (the
 * task's roles) and logs:GetLogEvents (docs/ecs-jobs.md).
 *
 * @example
 * const runner = new AwsEcsTaskRunner(clients.ecs, clients.logs);
 * const task = await runner.run({ cluster: 'batch', taskDefinition: 'etl:3', startedBy: 'lava' });
 */
export class AwsEcsTaskRunner implements EcsTaskRunner {
  constructor(
    private readonly ecs: ECSClient,
    private readonly logsClient: CloudWatchLogsClient,
  ) {}

  async run(request: EcsTaskRequest): Promise<EcsTaskState> {
    const overridden = request.command !== undefined || request.environment !== undefined;
    const container =
      request.container ??
      (overridden
        ? (await this.definition(request.taskDefinition)).containerDefinitions?.[0]?.name
        : undefined);
    const out = await this.call('RunTask', () =>
      this.ecs.send(
        new RunTaskCommand({
          cluster: request.cluster,
          taskDefinition: request.taskDefinition,
          launchType: request.launchType,
          platformVersion: request.platformVersion,
          startedBy: request.startedBy,
          networkConfiguration: request.network && {
            awsvpcConfiguration: {
              subnets: request.network.subnets,
              securityGroups: request.network.securityGroups,
              assignPublicIp: request.network.assignPublicIp ? 'ENABLED' : 'DISABLED',
            },
          },
          overrides: {
            cpu: request.cpu,
            memory: request.memory,
            containerOverrides:
              overridden && container
                ? [
                    {
                      name: container,
                      command: request.command,
                      environment:
                        request.environment &&
                        Object.entries(request.environment).map(([name, value]) => ({ name, value })),
                    },
                  ]
                : undefined,
          },
        }),
      ),
    );
    const task = out.tasks?.[0];
    if (!task || out.failures?.length) {
      const reasons = (out.failures ?? []).map((f) => [f.reason, f.detail].filter(Boolean).join(': '));
      throw new EcsTaskError(
        'ECS_RUN_TASK_FAILED',
        `RunTask started no task: ${reasons.join('; ') || 'no reason given'}`,
      );
    }
    return taskState(task);
  }

  async describe(cluster: string, taskArn: string): Promise<EcsTaskState> {
    return taskState(await this.task(cluster, taskArn));
  }

  async stop(cluster: string, taskArn: string, reason: string): Promise<void> {
    await this.call('StopTask', () => this.ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason })));
  }

  async logs(cluster: string, taskArn: string): Promise<EcsContainerLog[]> {
    const task = await this.task(cluster, taskArn);
    const definition = await this.definition(task.taskDefinitionArn ?? '');
    const taskId = taskArn.split('/').pop() ?? '';
    const found: EcsContainerLog[] = [];
    for (const c of definition.containerDefinitions ?? []) {
      const options = c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : undefined;
      const group = options?.['awslogs-group'];
      const prefix = options?.['awslogs-stream-prefix'];
      // Without a prefix the stream is named after the container's runtime id (EC2 only).
      const stream = prefix
        ? `${prefix}/${c.name}/${taskId}`
        : task.containers?.find((t) => t.name === c.name)?.runtimeId;
      if (!group || !stream || !c.name) continue;
      found.push({ container: c.name, location: `${group}/${stream}`, lines: this.lines(group, stream) });
    }
    return found;
  }

  /** Every event of a stream from its head; a stream that was never created (nothing logged) is empty. */
  private async *lines(group: string, stream: string): AsyncIterable<string> {
    let token: string | undefined;
    for (;;) {
      let page;
      try {
        page = await this.logsClient.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: true,
            nextToken: token,
          }),
        );
      } catch (error) {
        if (awsErrorCode(error) === 'ResourceNotFoundException') return;
        throw translate('GetLogEvents', error);
      }
      for (const event of page.events ?? []) yield event.message ?? '';
      // GetLogEvents returns the token it was given once the stream's end is reached.
      if (!page.nextForwardToken || page.nextForwardToken === token) return;
      token = page.nextForwardToken;
    }
  }

  private async task(cluster: string, taskArn: string): Promise<Task> {
    const out = await this.call('DescribeTasks', () =>
      this.ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] })),
    );
    const task = out.tasks?.[0];
    if (!task) throw new EcsTaskError('ECS_TASK_MISSING', `task ${taskArn} not found in cluster ${cluster}`);
    return task;
  }

  private async definition(reference: string): Promise<TaskDefinition> {
    const out = await this.call('DescribeTaskDefinition', () =>
      this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference })),
    );
    return out.taskDefinition ?? {};
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translate(operation, error);
    }
  }
}

function taskState(task: Task): EcsTaskState {
  return {
    taskArn: task.taskArn ?? '',
    lastStatus: task.lastStatus ?? 'PROVISIONING',
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '',
      exitCode: c.exitCode,
      reason: c.reason,
    })),
  };
}

/** ECS's own refusals become EcsTaskError (with ECS's message); throttling is retryable; the rest passes untouched. */
function translate(operation: string, error: unknown): unknown {
  const code = awsErrorCode(error);
  if (!code) return error;
  if (THROTTLED.has(code)) return new ThrottledError(`ecs ${operation}`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  if (/Exception$|^AccessDenied/.test(code))
    return new EcsTaskError('ECS_REQUEST_REFUSED', `${operation}: ${code}: ${message}`, { cause: error });
  return error;
}
