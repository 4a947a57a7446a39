import type { RequestContext } from '../contracts';
import type { LogStore, LogStream } from '../logs/log-store';
import type { OutputLine } from './container-engine';
import type { ContainerDefinition } from './ecs-model';

/**
 * The `awslogs` log driver of one container: every output line (stdout and stderr alike) becomes
 * an event in `<awslogs-group>` / `<awslogs-stream-prefix>/<container>/<task id>` (without a
 * prefix, the stream is the container's runtime id, as on EC2). Lines read before the stream is
 * known are held and written when it opens.
 */
export class AwsLogsDriver {
  private stream?: LogStream;
  private held: OutputLine[] = [];

  private constructor(
    private readonly store: LogStore,
    private readonly scope: ReturnType<LogStore['scope']>,
    private readonly groupName: string,
    private readonly prefix: string | undefined,
  ) {}

  /**
   * The driver for `definition`, or undefined when it logs elsewhere. Throws (task fails to start)
   * when the group does not exist and `awslogs-create-group` is not `true`, as ECS does.
   */
  static forContainer(
    store: LogStore,
    ctx: RequestContext,
    definition: ContainerDefinition,
  ): AwsLogsDriver | undefined {
    const config = definition.logConfiguration;
    if (config?.logDriver !== 'awslogs') return undefined;
    const options = config.options ?? {};
    const group = options['awslogs-group'];
    if (!group) throw new Error('awslogs-group is required by the awslogs log driver');
    const scope = store.scope({ account: ctx.account, region: options['awslogs-region'] ?? ctx.region });
    if (!scope.has(group)) {
      if (options['awslogs-create-group'] !== 'true')
        throw new Error(
          `failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group ${group} does not exist.`,
        );
      store.createGroup(scope, group);
    }
    return new AwsLogsDriver(store, scope, group, options['awslogs-stream-prefix']);
  }

  /** Opens the stream once the task id and the container's runtime id are known. */
  open(containerName: string, taskId: string, runtimeId: string): void {
    const name = this.prefix ? `${this.prefix}/${containerName}/${taskId}` : runtimeId;
    const group = this.store.group(this.scope, this.groupName);
    this.stream = group.streams.get(name) ?? this.store.createStream(group, name);
    const held = this.held;
    this.held = [];
    held.forEach((line) => this.write(line));
  }

  write(line: OutputLine): void {
    if (!this.stream) {
      this.held.push(line);
      return;
    }
    this.store.append(this.stream, [{ timestamp: line.timestamp, message: line.text }]);
  }
}
