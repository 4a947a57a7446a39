import type { Logger } from '@lava/logging';
import type { RequestContext } from '../contracts';
import type { LogStore } from '../logs/log-store';
import { AwsLogsDriver } from './awslogs';
import { TaskStartError } from './ecs-errors';
import type { ContainerEngine, ContainerSpec } from './container-engine';
import type { Task, TaskContainer } from './ecs-model';
import { containerSpec } from './task-containers';
import type { SecretResolver } from './task-secrets';

export interface LifecycleDeps {
  engine: ContainerEngine;
  logs: LogStore;
  secrets: SecretResolver;
  now: () => number;
  logger?: Logger;
}

const DEFAULT_STOP_TIMEOUT_S = 30;

/**
 * Runs one task to the end: PENDING (images, secrets, log streams), RUNNING (its containers on the
 * engine), then STOPPED once an essential container exited or StopTask stopped it, with ECS's
 * stopCode, stoppedReason and exit codes. The containers are removed before the task reads
 * STOPPED, so a caller that saw STOPPED finds nothing left on the engine.
 */
export class TaskLifecycle {
  /** Runtime ids of the task's containers still on the engine. */
  private readonly live = new Map<string, string>();

  constructor(
    private readonly task: Task,
    private readonly ctx: RequestContext,
    private readonly deps: LifecycleDeps,
  ) {}

  async run(): Promise<void> {
    // RunTask answers first, with the task PROVISIONING, as ECS does.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      this.task.lastStatus = 'PENDING';
      const prepared = await this.prepare();
      if (this.task.desiredStatus === 'RUNNING') await this.start(prepared);
      await this.waitForExits();
    } catch (error) {
      this.failToStart(
        error instanceof TaskStartError ? error.message : `CannotStartContainerError: ${message(error)}`,
      );
      await Promise.all(
        [...this.live.values()].map((id) => this.deps.engine.stop(id, 0).catch(() => undefined)),
      );
    } finally {
      await this.removeContainers();
      this.task.lastStatus = 'STOPPED';
      this.task.desiredStatus = 'STOPPED';
      this.task.stoppedAt = this.seconds();
      this.task.executionStoppedAt ??= this.task.stoppedAt;
      this.task.version++;
    }
  }

  /** StopTask: SIGTERM every running container, SIGKILL after its stopTimeout. */
  async stop(): Promise<void> {
    await Promise.all(
      this.task.containers.map(async (c) => {
        const id = this.live.get(c.name);
        if (id && c.lastStatus === 'RUNNING') await this.deps.engine.stop(id, this.stopTimeout(c));
      }),
    );
  }

  private async prepare(): Promise<
    Array<{ container: TaskContainer; spec: ContainerSpec; logs?: AwsLogsDriver }>
  > {
    const definitions = this.task.taskDefinition.containerDefinitions;
    this.task.pullStartedAt = this.seconds();
    for (const image of new Set(definitions.map((d) => d.image)))
      await this.deps.engine.ensureImage(image).catch((error: unknown) => {
        throw new TaskStartError(`CannotPullContainerError: pull image ${image}: ${message(error)}`);
      });
    this.task.pullStoppedAt = this.seconds();
    return Promise.all(
      definitions.map(async (definition, n) => {
        const spec = await containerSpec(this.task, definition, this.deps.secrets, this.ctx).catch(
          (error: unknown) => {
            throw new TaskStartError(
              `ResourceInitializationError: unable to pull secrets: ${message(error)}`,
            );
          },
        );
        let logs: AwsLogsDriver | undefined;
        try {
          logs = AwsLogsDriver.forContainer(this.deps.logs, this.ctx, definition);
        } catch (error) {
          throw new TaskStartError(
            `ResourceInitializationError: failed to validate logger args: ${message(error)}`,
          );
        }
        return { container: this.task.containers[n]!, spec, logs };
      }),
    );
  }

  private async start(prepared: Awaited<ReturnType<TaskLifecycle['prepare']>>): Promise<void> {
    for (const { container, spec, logs } of prepared) {
      const running = await this.deps.engine.start(spec, (line) => logs?.write(line));
      this.live.set(container.name, running.id);
      container.runtimeId = running.id;
      container.lastStatus = 'RUNNING';
      logs?.open(container.name, this.task.taskId, running.id);
      void running.exited.then(
        (code) => this.exited(container, code),
        (error: unknown) => this.exited(container, undefined, message(error)),
      );
    }
    this.task.lastStatus = 'RUNNING';
    this.task.startedAt = this.seconds();
    this.task.version++;
    // A StopTask that arrived while the containers were starting.
    if (this.task.desiredStatus === 'STOPPED') await this.stop();
  }

  private readonly waiters: Array<() => void> = [];

  private exited(container: TaskContainer, exitCode: number | undefined, reason?: string): void {
    container.lastStatus = 'STOPPED';
    container.exitCode = exitCode;
    if (reason) container.reason = reason;
    if (container.essential && !this.task.stopCode) {
      this.task.stopCode = 'EssentialContainerExited';
      this.task.stoppedReason = 'Essential container in task exited';
      this.task.stoppingAt = this.seconds();
      this.task.desiredStatus = 'STOPPED';
      void this.stop().catch((error: unknown) =>
        this.deps.logger?.warn('ecs: stopping the other containers failed', { error: message(error) }),
      );
    }
    this.waiters.splice(0).forEach((wake) => wake());
  }

  private async waitForExits(): Promise<void> {
    while (this.task.containers.some((c) => this.live.has(c.name) && c.lastStatus === 'RUNNING'))
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.task.executionStoppedAt = this.seconds();
  }

  private failToStart(reason: string): void {
    this.task.stopCode = 'TaskFailedToStart';
    this.task.stoppedReason = reason;
    for (const c of this.task.containers) {
      if (c.lastStatus !== 'STOPPED') c.lastStatus = 'STOPPED';
      c.reason ??= reason;
    }
  }

  private async removeContainers(): Promise<void> {
    for (const [name, id] of this.live) {
      await this.deps.engine
        .remove(id)
        .catch((error: unknown) =>
          this.deps.logger?.warn('ecs: container not removed', { container: id, error: message(error) }),
        );
      this.live.delete(name);
    }
  }

  private stopTimeout(container: TaskContainer): number {
    const definition = this.task.taskDefinition.containerDefinitions.find((d) => d.name === container.name);
    return definition?.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
  }

  private seconds(): number {
    return this.deps.now() / 1000;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
