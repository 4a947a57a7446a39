import type { RequestContext } from '../contracts';
import type { ContainerSpec } from './container-engine';
import { ecsErrors } from './ecs-errors';
import type { ContainerDefinition, ContainerOverride, KeyValuePair, Task, TaskOverride } from './ecs-model';
import type { SecretResolver } from './task-secrets';

/** ECS's limit on the JSON of a RunTask `overrides.containerOverrides`. */
const OVERRIDES_MAX_CHARS = 8192;

/** Refuses overrides ECS refuses: unknown container names, over 8 KiB of container overrides. */
export function checkOverrides(overrides: TaskOverride, definitions: readonly ContainerDefinition[]): void {
  for (const o of overrides.containerOverrides ?? [])
    if (!definitions.some((d) => d.name === o.name))
      throw ecsErrors.invalidParameter(
        `Override for container named ${o.name} is not a container in the TaskDefinition.`,
      );
  if (JSON.stringify(overrides.containerOverrides ?? []).length > OVERRIDES_MAX_CHARS)
    throw ecsErrors.invalidParameter(`Container Overrides length must be at most ${OVERRIDES_MAX_CHARS}`);
}

/**
 * The engine's view of one container: the definition with its override laid over it (command,
 * environment, cpu, memory), its secrets resolved into the environment, and ECS's labels.
 */
export async function containerSpec(
  task: Task,
  definition: ContainerDefinition,
  secrets: SecretResolver,
  ctx: RequestContext,
): Promise<ContainerSpec> {
  const override: ContainerOverride | undefined = task.overrides.containerOverrides?.find(
    (o) => o.name === definition.name,
  );
  const env: Record<string, string> = pairs(definition.environment);
  for (const secret of definition.secrets ?? []) env[secret.name] = await secrets(secret.valueFrom, ctx);
  Object.assign(env, pairs(override?.environment));
  const taskMemory = Number(task.overrides.memory ?? task.taskDefinition.memory) || undefined;
  const taskCpu = Number(task.overrides.cpu ?? task.taskDefinition.cpu) || undefined;
  return {
    name: definition.name,
    image: definition.image,
    entryPoint: definition.entryPoint,
    command: override?.command ?? definition.command,
    env,
    workingDirectory: definition.workingDirectory,
    user: definition.user,
    memoryMiB: override?.memory ?? definition.memory ?? taskMemory,
    cpuUnits: override?.cpu ?? (definition.cpu || taskCpu),
    labels: {
      'com.amazonaws.ecs.cluster': task.clusterName,
      'com.amazonaws.ecs.container-name': definition.name,
      'com.amazonaws.ecs.task-arn': task.taskArn,
      'com.amazonaws.ecs.task-definition-family': task.taskDefinition.family,
      'com.amazonaws.ecs.task-definition-version': String(task.taskDefinition.revision),
    },
  };
}

function pairs(list: readonly KeyValuePair[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((p) => [p.name, p.value]));
}
