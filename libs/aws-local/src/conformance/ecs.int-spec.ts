import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ContainerDefinition,
  type Task,
} from '@aws-sdk/client-ecs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { assertDockerAnswers, createDockerClient } from '@lava/docker-client';
import { startAwsLocal } from '..';
import { useAwsEndpoint } from '../testing';
import { pollUntil } from '@lava/errors';
import { awsClientConfig, errorOf, uniqueName } from './support';

// Containers start on the local Docker engine: allow for a busy machine.
jest.setTimeout(90_000);

const IMAGE = 'debian:bookworm-slim';
const docker = createDockerClient();

/** Whether the engine still has the container (ECS tasks' containers are removed once STOPPED). */
async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

describe('ECS tasks on the local Docker engine', () => {
  const aws = useAwsEndpoint();
  const cfg = () => awsClientConfig(aws.url());
  const ecs = () => new ECSClient(cfg());
  const logs = () => new CloudWatchLogsClient(cfg());
  const cluster = uniqueName('lava-ecs');
  const group = `/lava/test/${uniqueName('ecs')}`;

  beforeAll(async () => {
    // Never skipped: without an engine this suite fails here, saying how to start one.
    await assertDockerAnswers(docker);
    await ecs().send(new CreateClusterCommand({ clusterName: cluster }));
    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
  });

  async function register(containers: Array<Partial<ContainerDefinition>>): Promise<string> {
    const { taskDefinition } = await ecs().send(
      new RegisterTaskDefinitionCommand({
        family: uniqueName('lava-test'),
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        executionRoleArn: 'arn:aws:iam::000000000000:role/ecs-execution',
        containerDefinitions: containers.map((c) => ({
          name: 'main',
          image: IMAGE,
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': group,
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'job',
            },
          },
          ...c,
        })),
      }),
    );
    return taskDefinition!.taskDefinitionArn!;
  }

  const network = { awsvpcConfiguration: { subnets: ['subnet-local'], assignPublicIp: 'DISABLED' as const } };

  async function run(taskDefinition: string, overrides?: object): Promise<Task> {
    const out = await ecs().send(
      new RunTaskCommand({
        cluster,
        taskDefinition,
        launchType: 'FARGATE',
        networkConfiguration: network,
        startedBy: 'conformance',
        overrides,
      }),
    );
    expect(out.failures).toEqual([]);
    return out.tasks![0]!;
  }

  async function describe(taskArn: string): Promise<Task> {
    const { tasks } = await ecs().send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
    return tasks![0]!;
  }

  async function untilStopped(taskArn: string, seen: Set<string> = new Set()): Promise<Task> {
    return pollUntil(
      async () => {
        const task = await describe(taskArn);
        seen.add(task.lastStatus!);
        return task.lastStatus === 'STOPPED' ? task : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  async function logLines(taskArn: string, container = 'main'): Promise<string[]> {
    const taskId = taskArn.split('/').pop();
    const { events } = await logs().send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: `job/${container}/${taskId}`,
        startFromHead: true,
      }),
    );
    return events!.map((e) => e.message!);
  }

  it('runs a task with command and environment overrides to STOPPED, with its exit code and awslogs output', async () => {
    const definition = await register([{ command: ['echo', 'not this'] }]);
    const task = await run(definition, {
      containerOverrides: [
        {
          name: 'main',
          command: ['sh', '-c', 'echo "hello $WHO"; echo to-stderr >&2'],
          environment: [{ name: 'WHO', value: 'ecs' }],
        },
      ],
    });
    expect(task.lastStatus).toBe('PROVISIONING');
    expect(task.desiredStatus).toBe('RUNNING');
    expect(task.taskArn).toMatch(
      new RegExp(`^arn:aws:ecs:us-east-1:000000000000:task/${cluster}/[0-9a-f]{32}$`),
    );
    const seen = new Set<string>();
    const stopped = await untilStopped(task.taskArn!, seen);
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    expect(stopped.stoppedReason).toBe('Essential container in task exited');
    expect(stopped.containers![0]).toEqual(
      expect.objectContaining({ name: 'main', exitCode: 0, lastStatus: 'STOPPED' }),
    );
    expect(stopped.overrides!.containerOverrides![0]!.environment).toEqual([{ name: 'WHO', value: 'ecs' }]);
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    // Both streams go to the log stream; across the two pipes their order is not defined.
    expect((await logLines(task.taskArn!)).sort()).toEqual(['hello ecs', 'to-stderr']);
    expect(await containerExists(stopped.containers![0]!.runtimeId!)).toBe(false);
  });

  it('reports a non-zero exit code', async () => {
    const definition = await register([{ command: ['sh', '-c', 'echo failing; exit 3'] }]);
    const stopped = await untilStopped((await run(definition)).taskArn!);
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    expect(stopped.containers![0]!.exitCode).toBe(3);
  });

  it('StopTask stops a running task (SIGKILL after stopTimeout) and removes its container', async () => {
    const definition = await register([{ command: ['sleep', '300'], stopTimeout: 1 }]);
    const task = await run(definition);
    const running = await pollUntil(
      async () => {
        const t = await describe(task.taskArn!);
        return t.lastStatus === 'RUNNING' ? t : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    const runtimeId = running.containers![0]!.runtimeId!;
    expect(await containerExists(runtimeId)).toBe(true);
    const listed = await ecs().send(new ListTasksCommand({ cluster, startedBy: 'conformance' }));
    expect(listed.taskArns).toContain(task.taskArn);

    const { task: stopping } = await ecs().send(
      new StopTaskCommand({ cluster, task: task.taskArn, reason: 'timed out' }),
    );
    expect(stopping!.desiredStatus).toBe('STOPPED');
    const stopped = await untilStopped(task.taskArn!);
    expect(stopped.stopCode).toBe('UserInitiated');
    expect(stopped.stoppedReason).toBe('timed out');
    expect(stopped.containers![0]!.exitCode).toBe(137);
    expect(await containerExists(runtimeId)).toBe(false);
    const after = await ecs().send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED' }));
    expect(after.taskArns).toContain(task.taskArn);
  });

  it('puts secrets from SSM and Secrets Manager into the environment, not into DescribeTasks', async () => {
    const name = `/lava/test/${uniqueName('pw')}`;
    await new SSMClient(cfg()).send(
      new PutParameterCommand({ Name: name, Type: 'SecureString', Value: 's3cr3t-ssm' }),
    );
    const { ARN } = await new SecretsManagerClient(cfg()).send(
      new CreateSecretCommand({
        Name: uniqueName('db'),
        SecretString: JSON.stringify({ password: 's3cr3t-sm' }),
      }),
    );
    const definition = await register([
      {
        command: ['sh', '-c', 'test "$A" = s3cr3t-ssm && test "$B" = s3cr3t-sm && echo secrets-ok'],
        secrets: [
          { name: 'A', valueFrom: name },
          { name: 'B', valueFrom: `${ARN}:password::` },
        ],
      },
    ]);
    const stopped = await untilStopped((await run(definition)).taskArn!);
    expect(stopped.containers![0]!.exitCode).toBe(0);
    expect(await logLines(stopped.taskArn!)).toEqual(['secrets-ok']);
    expect(JSON.stringify(stopped)).not.toMatch(/s3cr3t/);
  });

  it('refuses what ECS refuses: no cluster, no network configuration for awsvpc, unknown override container', async () => {
    const definition = await register([{ command: ['true'] }]);
    const noCluster = await errorOf(() =>
      ecs().send(
        new RunTaskCommand({ cluster: `${cluster}-none`, taskDefinition: definition, launchType: 'FARGATE' }),
      ),
    );
    expect(noCluster.name).toBe('ClusterNotFoundException');
    const noNetwork = await errorOf(() =>
      ecs().send(new RunTaskCommand({ cluster, taskDefinition: definition, launchType: 'FARGATE' })),
    );
    expect(noNetwork.name).toBe('InvalidParameterException');
    const badOverride = await errorOf(() =>
      run(definition, { containerOverrides: [{ name: 'other', command: ['x'] }] }),
    );
    expect(badOverride.name).toBe('InvalidParameterException');
    const { taskDefinition } = await ecs().send(
      new DescribeTaskDefinitionCommand({ taskDefinition: definition }),
    );
    expect(taskDefinition!.containerDefinitions![0]!.essential).toBe(true);
  });

  it('a task whose log group is missing fails to start, as with the awslogs driver', async () => {
    const definition = await register([
      {
        command: ['true'],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': `${group}-none`, 'awslogs-stream-prefix': 'x' },
        },
      },
    ]);
    const stopped = await untilStopped((await run(definition)).taskArn!);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^ResourceInitializationError: .*log group/);
  });
});

describe('ECS on endpoint shutdown', () => {
  it('removes the containers of tasks still running', async () => {
    await assertDockerAnswers(docker);
    const endpoint = await startAwsLocal({ port: 0 });
    const ecs = new ECSClient(awsClientConfig(endpoint.url));
    try {
      const cluster = uniqueName('lava-ecs');
      await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
      const { taskDefinition } = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: uniqueName('lava-test'),
          containerDefinitions: [{ name: 'main', image: IMAGE, command: ['sleep', '300'] }],
        }),
      );
      const { tasks } = await ecs.send(
        new RunTaskCommand({ cluster, taskDefinition: taskDefinition!.taskDefinitionArn }),
      );
      const runtimeId = await pollUntil(
        async () => {
          const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [tasks![0]!.taskArn!] }));
          return out.tasks![0]!.containers![0]!.runtimeId;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(await containerExists(runtimeId)).toBe(true);
      await endpoint.stop();
      expect(await containerExists(runtimeId)).toBe(false);
    } finally {
      ecs.destroy();
      await endpoint.stop();
    }
  });
});
