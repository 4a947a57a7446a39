import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '../contracts';
import { ecsErrors } from './ecs-errors';
import type { Task, TaskDefinition, TaskOverride } from './ecs-model';
import { checkOverrides } from './task-containers';
import { TaskLifecycle, type LifecycleDeps } from './task-lifecycle';

type Input = Record<string, unknown>;
/** How long shutdown waits for task lifecycles to record their end. */
const CLOSE_GRACE_MS = 10_000;

/** A cluster as RunTask sees it. */
export interface ClusterRef {
  arn: string;
  name: string;
}

/** Filters of ListTasks (ECS lists only desiredStatus RUNNING unless asked). */
export interface TaskFilter {
  clusterArn: string;
  family?: string;
  startedBy?: string;
  desiredStatus?: 'RUNNING' | 'STOPPED';
  launchType?: string;
}

/** Every task of the endpoint, started, running or stopped, and the lifecycles running them. */
export class EcsTasks {
  private readonly tasks = new Map<string, Task>();
  private readonly lifecycles = new Map<string, { lifecycle: TaskLifecycle; done: Promise<void> }>();
  private closed = false;

  constructor(private readonly deps: LifecycleDeps) {}

  /** RunTask: validates like ECS, then starts `count` tasks; they are PROVISIONING when this returns. */
  async run(
    input: Input,
    ctx: RequestContext,
    cluster: ClusterRef,
    definition: TaskDefinition,
  ): Promise<Task[]> {
    const launchType = typeof input.launchType === 'string' ? input.launchType : 'EC2';
    if (!definition.compatibilities.includes(launchType))
      throw ecsErrors.invalidParameter(`Task definition does not support launch_type ${launchType}.`);
    checkNetwork(definition, input.networkConfiguration);
    const overrides = (input.overrides ?? {}) as TaskOverride;
    checkOverrides(overrides, definition.containerDefinitions);
    const count = input.count === undefined ? 1 : Number(input.count);
    if (!Number.isInteger(count) || count < 1 || count > 10)
      throw ecsErrors.invalidParameter('count must be between 1 and 10.');
    if (this.closed) throw ecsErrors.engineUnavailable('the endpoint is shutting down');
    await this.deps.engine.assertAvailable().catch((error: Error) => {
      throw ecsErrors.engineUnavailable(error.message);
    });
    return Array.from({ length: count }, () =>
      this.launch(input, ctx, cluster, definition, launchType, overrides),
    );
  }

  private launch(
    input: Input,
    ctx: RequestContext,
    cluster: ClusterRef,
    definition: TaskDefinition,
    launchType: string,
    overrides: TaskOverride,
  ): Task {
    const taskId = randomBytes(16).toString('hex');
    const taskArn = `arn:aws:ecs:${ctx.region}:${ctx.account}:task/${cluster.name}/${taskId}`;
    const task: Task = {
      taskArn,
      taskId,
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      taskDefinition: definition,
      launchType,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      overrides,
      containers: definition.containerDefinitions.map((d) => ({
        containerArn: `arn:aws:ecs:${ctx.region}:${ctx.account}:container/${cluster.name}/${taskId}/${randomUUID()}`,
        name: d.name,
        image: d.image,
        lastStatus: 'PENDING',
        essential: d.essential !== false,
      })),
      startedBy: typeof input.startedBy === 'string' ? input.startedBy : undefined,
      group: typeof input.group === 'string' ? input.group : `family:${definition.family}`,
      networkConfiguration: input.networkConfiguration,
      createdAt: this.deps.now() / 1000,
      version: 1,
    };
    this.tasks.set(taskArn, task);
    const lifecycle = new TaskLifecycle(task, ctx, this.deps);
    // The lifecycle never rejects: every failure ends as a STOPPED task with its reason.
    const done = lifecycle.run().finally(() => this.lifecycles.delete(taskArn));
    this.lifecycles.set(taskArn, { lifecycle, done });
    return task;
  }

  /** A task by ARN or id within the cluster. */
  find(reference: string, ctx: RequestContext, cluster: ClusterRef): Task | undefined {
    const arn = reference.startsWith('arn:')
      ? reference
      : `arn:aws:ecs:${ctx.region}:${ctx.account}:task/${cluster.name}/${reference}`;
    const task = this.tasks.get(arn);
    return task?.clusterArn === cluster.arn ? task : undefined;
  }

  list(filter: TaskFilter): Task[] {
    const desired = filter.desiredStatus ?? 'RUNNING';
    return [...this.tasks.values()].filter(
      (t) =>
        t.clusterArn === filter.clusterArn &&
        t.desiredStatus === desired &&
        (!filter.family || t.taskDefinition.family === filter.family) &&
        (!filter.startedBy || t.startedBy === filter.startedBy) &&
        (!filter.launchType || t.launchType === filter.launchType),
    );
  }

  /** StopTask: the task's desired status becomes STOPPED at once; its containers stop in the background. */
  stop(task: Task, reason: string | undefined): Task {
    if (task.desiredStatus === 'STOPPED') return task;
    task.desiredStatus = 'STOPPED';
    task.stopCode = 'UserInitiated';
    task.stoppedReason = reason || 'Task stopped by user';
    task.stoppingAt = this.deps.now() / 1000;
    task.version++;
    const running = this.lifecycles.get(task.taskArn);
    void running?.lifecycle.stop().catch((error: unknown) =>
      this.deps.logger?.warn('ecs: StopTask could not stop a container', {
        task: task.taskArn,
        error: String(error),
      }),
    );
    return task;
  }

  /**
   * Endpoint shutdown: no new tasks, every task stopped, and every container this endpoint started
   * removed (force: nothing is left running on the engine after the endpoint is gone).
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.tasks.values()) this.stop(task, 'lava-aws-local is shutting down');
    await this.deps.engine.removeAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.lifecycles.values()].map((l) => l.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
    ]);
    clearTimeout(timer);
    // A container created while the first sweep ran (a task that was still starting).
    await this.deps.engine.removeAll();
  }
}

/** awsvpc tasks need subnets; other network modes take no network configuration (as ECS says). */
function checkNetwork(definition: TaskDefinition, configuration: unknown): void {
  const awsvpc = (configuration as { awsvpcConfiguration?: { subnets?: unknown[] } } | undefined)
    ?.awsvpcConfiguration;
  if (definition.networkMode === 'awsvpc' && !awsvpc?.subnets?.length)
    throw ecsErrors.invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  if (definition.networkMode !== 'awsvpc' && awsvpc)
    throw ecsErrors.invalidParameter(
      'Network Configuration is not valid for the given networkMode of this task definition.',
    );
}
