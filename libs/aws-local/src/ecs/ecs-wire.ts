import type { Task, TaskDefinition } from './ecs-model';

/** A task as DescribeTasks, RunTask and StopTask return it (timestamps in epoch seconds). */
export function taskWire(task: Task): Record<string, unknown> {
  const definition = task.taskDefinition;
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: definition.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: task.launchType,
    ...(task.launchType === 'FARGATE' ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
    cpu: task.overrides.cpu ?? definition.cpu,
    memory: task.overrides.memory ?? definition.memory,
    overrides: {
      // ECS lists every container, with or without an override of its own.
      containerOverrides: definition.containerDefinitions.map(
        (d) => task.overrides.containerOverrides?.find((o) => o.name === d.name) ?? { name: d.name },
      ),
      ...(task.overrides.cpu ? { cpu: task.overrides.cpu } : {}),
      ...(task.overrides.memory ? { memory: task.overrides.memory } : {}),
      inferenceAcceleratorOverrides: [],
    },
    containers: task.containers.map((c) => ({
      containerArn: c.containerArn,
      taskArn: task.taskArn,
      name: c.name,
      image: c.image,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      runtimeId: c.runtimeId,
      networkInterfaces: [],
    })),
    startedBy: task.startedBy,
    group: task.group,
    createdAt: task.createdAt,
    pullStartedAt: task.pullStartedAt,
    pullStoppedAt: task.pullStoppedAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    stoppedAt: task.stoppedAt,
    executionStoppedAt: task.executionStoppedAt,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    version: task.version,
    attachments: [],
    tags: [],
  };
}

/** A task definition as RegisterTaskDefinition and DescribeTaskDefinition return it. */
export function taskDefinitionWire(definition: TaskDefinition): Record<string, unknown> {
  return { ...definition };
}
