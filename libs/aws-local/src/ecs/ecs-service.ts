import { callOperation, type JsonService, type Persistable, type RequestContext } from '../contracts';
import { ecsErrors } from './ecs-errors';
import { EcsTasks, type ClusterRef } from './ecs-tasks';
import { taskDefinitionWire, taskWire } from './ecs-wire';
import type { LifecycleDeps } from './task-lifecycle';
import { TaskDefinitionStore } from './task-definitions';

type Input = Record<string, unknown>;
type Operation = (input: Input, ctx: RequestContext) => Input | Promise<Input>;

/**
 * Amazon ECS over awsJson 1.1 (`AmazonEC2ContainerServiceV20141113`): clusters, task definitions,
 * and tasks whose containers run on the local Docker engine (see EcsTasks). Clusters and task
 * definitions persist with a data dir; tasks do not (their containers are removed on shutdown).
 */
export class EcsService implements JsonService, Persistable {
  private readonly clusters = new Map<string, ClusterRef & { createdAt: number }>();
  private readonly definitions: TaskDefinitionStore;
  readonly tasks: EcsTasks;
  private readonly operations: Record<string, Operation>;

  constructor(deps: LifecycleDeps) {
    this.definitions = new TaskDefinitionStore(deps.now);
    this.tasks = new EcsTasks(deps);
    this.operations = {
      CreateCluster: (i, c) => ({ cluster: this.clusterWire(this.createCluster(i, c)) }),
      DescribeClusters: (i, c) => this.describeClusters(i, c),
      ListClusters: (_i, c) => ({ clusterArns: this.scopeClusters(c).map((k) => k.arn) }),
      DeleteCluster: (i, c) => {
        const cluster = this.cluster(i.cluster, c);
        this.clusters.delete(cluster.arn);
        return { cluster: { ...this.clusterWire(cluster), status: 'INACTIVE' } };
      },
      RegisterTaskDefinition: (i, c) => ({
        taskDefinition: taskDefinitionWire(this.definitions.register(i, c)),
      }),
      DescribeTaskDefinition: (i, c) => ({
        taskDefinition: taskDefinitionWire(this.definition(i.taskDefinition, c)),
      }),
      DeregisterTaskDefinition: (i, c) => ({
        taskDefinition: taskDefinitionWire(this.definitions.deregister(String(i.taskDefinition ?? ''), c)),
      }),
      ListTaskDefinitions: (i, c) => ({
        taskDefinitionArns: this.definitions.list(
          c,
          typeof i.familyPrefix === 'string' ? i.familyPrefix : '',
        ),
      }),
      RunTask: async (i, c) => {
        const tasks = await this.tasks.run(
          i,
          c,
          this.cluster(i.cluster, c),
          this.definition(i.taskDefinition, c),
        );
        return { tasks: tasks.map(taskWire), failures: [] };
      },
      DescribeTasks: (i, c) => this.describeTasks(i, c),
      StopTask: (i, c) => {
        const task = this.tasks.find(String(i.task ?? ''), c, this.cluster(i.cluster, c));
        if (!task) throw ecsErrors.invalidParameter('The referenced task was not found.');
        return { task: taskWire(this.tasks.stop(task, typeof i.reason === 'string' ? i.reason : undefined)) };
      },
      ListTasks: (i, c) => ({
        taskArns: this.tasks
          .list({
            clusterArn: this.cluster(i.cluster, c).arn,
            family: typeof i.family === 'string' ? i.family : undefined,
            startedBy: typeof i.startedBy === 'string' ? i.startedBy : undefined,
            desiredStatus: i.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
            launchType: typeof i.launchType === 'string' ? i.launchType : undefined,
          })
          .map((t) => t.taskArn),
      }),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('ECS', this.operations, operation, (op) => op(input, ctx));
  }

  private createCluster(input: Input, ctx: RequestContext): ClusterRef & { createdAt: number } {
    const name = typeof input.clusterName === 'string' && input.clusterName ? input.clusterName : 'default';
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      throw ecsErrors.invalidParameter(`Invalid cluster name: ${name}`);
    const arn = `arn:aws:ecs:${ctx.region}:${ctx.account}:cluster/${name}`;
    // CreateCluster is idempotent in ECS: the same name returns the existing cluster.
    const cluster = this.clusters.get(arn) ?? { arn, name, createdAt: Date.now() / 1000 };
    this.clusters.set(arn, cluster);
    return cluster;
  }

  /** A cluster by name or ARN; RunTask and friends default to `default`, which must exist, as in ECS. */
  private cluster(reference: unknown, ctx: RequestContext): ClusterRef {
    const name = typeof reference === 'string' && reference ? reference.split('cluster/').pop()! : 'default';
    const cluster = this.clusters.get(`arn:aws:ecs:${ctx.region}:${ctx.account}:cluster/${name}`);
    if (!cluster) throw ecsErrors.clusterNotFound();
    return cluster;
  }

  private definition(reference: unknown, ctx: RequestContext) {
    const definition = this.definitions.resolve(String(reference ?? ''), ctx);
    if (!definition) throw ecsErrors.client('Unable to describe task definition.');
    return definition;
  }

  private scopeClusters(ctx: RequestContext): Array<ClusterRef & { createdAt: number }> {
    return [...this.clusters.values()].filter((c) =>
      c.arn.startsWith(`arn:aws:ecs:${ctx.region}:${ctx.account}:`),
    );
  }

  private clusterWire(cluster: ClusterRef): Record<string, unknown> {
    const running = this.tasks.list({ clusterArn: cluster.arn });
    return {
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      status: 'ACTIVE',
      runningTasksCount: running.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: running.filter((t) => t.lastStatus !== 'RUNNING').length,
      activeServicesCount: 0,
      registeredContainerInstancesCount: 0,
    };
  }

  private describeClusters(input: Input, ctx: RequestContext): Input {
    const references = Array.isArray(input.clusters) ? input.clusters : ['default'];
    const clusters: unknown[] = [];
    const failures: unknown[] = [];
    for (const reference of references) {
      try {
        clusters.push(this.clusterWire(this.cluster(reference, ctx)));
      } catch {
        failures.push({ arn: String(reference), reason: 'MISSING' });
      }
    }
    return { clusters, failures };
  }

  private describeTasks(input: Input, ctx: RequestContext): Input {
    const cluster = this.cluster(input.cluster, ctx);
    if (!Array.isArray(input.tasks) || input.tasks.length === 0 || input.tasks.length > 100)
      throw ecsErrors.invalidParameter('Tasks cannot be empty.');
    const tasks: unknown[] = [];
    const failures: unknown[] = [];
    for (const reference of input.tasks.map(String)) {
      const task = this.tasks.find(reference, ctx, cluster);
      if (task) tasks.push(taskWire(task));
      else failures.push({ arn: reference, reason: 'MISSING' });
    }
    return { tasks, failures };
  }

  snapshot(): unknown {
    return { clusters: [...this.clusters.values()], definitions: this.definitions.snapshot() };
  }

  restore(data: unknown): void {
    const saved = data as { clusters: Array<ClusterRef & { createdAt: number }>; definitions: unknown };
    for (const cluster of saved.clusters) this.clusters.set(cluster.arn, cluster);
    this.definitions.restore(saved.definitions);
  }
}
