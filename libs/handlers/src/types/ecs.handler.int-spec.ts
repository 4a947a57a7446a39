import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsEcsTaskRunner } from '@lava/aws';
import { awsClientConfig, uniqueName, useAwsEndpoint } from '@lava/aws-local/testing';
import { assertDockerAnswers, createDockerClient } from '@lava/docker-client';
import { JobFailedError, type RunJob } from '@lava/core';
import { TestBucket } from '../testing/sql-int.support';
import { EcsHandler } from './ecs.handler';

// Tasks run as containers on the local Docker engine behind the local ECS endpoint.
jest.setTimeout(120_000);

const aws = useAwsEndpoint();
const docker = createDockerClient();
const cluster = uniqueName('lava-ecsjob');
const group = `/lava/ecsjob/${uniqueName('logs')}`;
let bucket: TestBucket;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  // Fails here, loudly, when no Docker engine answers (never skipped).
  await assertDockerAnswers(docker);
  ecs = new ECSClient(awsClientConfig(aws.url()));
  logs = new CloudWatchLogsClient(awsClientConfig(aws.url()));
  bucket = new TestBucket(aws.url());
  await bucket.create();
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
});

afterAll(() => {
  ecs.destroy();
  logs.destroy();
  bucket.s3.destroy();
});

/** A Fargate task definition whose one container (`main`) logs to the test's group. */
async function taskDefinition(container: Partial<ContainerDefinition>): Promise<string> {
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: uniqueName('lava-job'),
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::000000000000:role/ecs-execution',
      containerDefinitions: [
        {
          name: 'main',
          image: 'debian:bookworm-slim',
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': group,
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'lava',
            },
          },
          ...container,
        },
      ],
    }),
  );
  return `${taskDefinition!.family}:${taskDefinition!.revision}`;
}

function context(
  payload: string,
  parameters: Record<string, unknown>,
  extra: { jobEnv?: Record<string, string> } = {},
) {
  const f = bucket.context(
    { type: 'ecs', payload, parameters } as Partial<RunJob>,
    {},
    { ECS_POLL_INTERVAL: '0.2s' },
  );
  f.ctx.ecs = new AwsEcsTaskRunner(ecs, logs);
  f.ctx.baseEnv = { PATH: process.env.PATH, AWS_SECRET_ACCESS_KEY: 'worker-key-Zq81' };
  if (extra.jobEnv) f.ctx.jobEnv = extra.jobEnv;
  return f;
}

const parameters = (more: Record<string, unknown> = {}) => ({ cluster, subnets: ['subnet-local'], ...more });

async function failureOf(run: Promise<unknown>): Promise<JobFailedError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof JobFailedError) return error;
    throw error;
  }
  throw new Error('the run did not fail');
}

async function describeTask(taskArn: string) {
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
  return tasks![0]!;
}

async function containerGone(id: string): Promise<boolean> {
  return docker
    .getContainer(id)
    .inspect()
    .then(
      () => false,
      (error: { statusCode?: number }) => {
        if (error.statusCode === 404) return true;
        throw error;
      },
    );
}

describe('ecs job type on the local ECS endpoint', () => {
  it('runs the task with rendered command and env overrides and copies its log to the run outputs', async () => {
    const definition = await taskDefinition({ command: ['echo', 'default'] });
    const f = context(
      definition,
      parameters({
        command: ['sh', '-c', 'echo "run {{ job.run_id }} in $MODE"; echo warn >&2'],
        env: { MODE: '{{ vars.mode }}' },
        vars: { mode: 'full' },
      }),
    );
    const result = await new EcsHandler().run(f.ctx);
    expect(result).toEqual(
      expect.objectContaining({ exit_status: 0, cluster, stop_code: 'EssentialContainerExited' }),
    );
    const output = result.output as Array<{ container: string; log: string }>;
    expect(output).toEqual([{ container: 'main', log: expect.stringMatching(/^s3:\/\/.*\/main\.log$/) }]);
    const log = (await bucket.read(output[0]!.log)).toString('utf8');
    // stdout and stderr both go to the stream; across the two pipes their order is not defined.
    expect(log.split('\n').sort()).toEqual(['', `run ${f.ctx.job.run_id} in full`, 'warn']);
    const task = await describeTask(result.task_arn as string);
    expect(task.startedBy).toBe(`lava/${f.ctx.job.run_id}`);
    expect(task.overrides!.containerOverrides![0]!.environment).toEqual([{ name: 'MODE', value: 'full' }]);
  });

  it('fails the run with the exit status of a failing task, with its log still copied', async () => {
    const definition = await taskDefinition({ command: ['sh', '-c', 'echo half done; exit 7'] });
    const failure = await failureOf(new EcsHandler().run(context(definition, parameters()).ctx));
    expect(failure.code).toBe('JOB_EXIT_STATUS');
    expect(failure.message).toBe('Failed with exit status 7');
    expect(failure.data).toEqual(expect.objectContaining({ exit_status: 7 }));
    const [copied] = failure.data!.output as Array<{ log: string }>;
    expect((await bucket.read(copied!.log)).toString('utf8')).toBe('half done\n');
  });

  it('on timeout stops the task with StopTask, and its container is gone afterwards', async () => {
    const definition = await taskDefinition({ command: ['sleep', '300'], stopTimeout: 1 });
    const f = context(definition, parameters({ timeout: '3s' }));
    const failure = await failureOf(new EcsHandler().run(f.ctx));
    expect(failure.code).toBe('JOB_TIMEOUT');
    expect(failure.message).toBe('Timed out: task stopped after 3.0 seconds');
    expect(failure.data).toEqual(expect.objectContaining({ exit_status: 137, stop_code: 'UserInitiated' }));
    const task = await describeTask(failure.data!.task_arn as string);
    expect(task.lastStatus).toBe('STOPPED');
    expect(task.stoppedReason).toBe('Lava: run timed out');
    expect(await containerGone(task.containers![0]!.runtimeId!)).toBe(true);
  });

  it('keeps secrets out of the command line, the overrides, DescribeTasks and every log', async () => {
    const secretName = `/lava/ecsjob/${uniqueName('pw')}`;
    await new SSMClient(awsClientConfig(aws.url())).send(
      new PutParameterCommand({ Name: secretName, Type: 'SecureString', Value: 'task-secret-Hk42' }),
    );
    // The task's secret comes from its own definition (SSM), read by ECS with the execution role.
    const definition = await taskDefinition({
      command: [
        'sh',
        '-c',
        'test "$DB_PASSWORD" = task-secret-Hk42 && echo "password of ${#DB_PASSWORD} characters"',
      ],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: secretName }],
    });
    // What a wrapper or the broker would have added for an exe job must not reach the task.
    const f = context(definition, parameters({ env: { MODE: 'full' } }), {
      jobEnv: { LAVA_CONN_DB_PASSWORD: 'broker-secret-Wm77' },
    });
    const result = await new EcsHandler().run(f.ctx);
    expect(result.exit_status).toBe(0);
    const log = (await bucket.read((result.output as Array<{ log: string }>)[0]!.log)).toString('utf8');
    expect(log).toBe('password of 16 characters\n');
    const task = await describeTask(result.task_arn as string);
    const visible = [JSON.stringify(task), log, f.logLines.join('\n'), JSON.stringify(result)].join('\n');
    for (const secret of ['task-secret-Hk42', 'broker-secret-Wm77', 'worker-key-Zq81'])
      expect(visible).not.toContain(secret);
    expect(task.overrides!.containerOverrides).toEqual([
      { name: 'main', environment: [{ name: 'MODE', value: 'full' }] },
    ]);
  });

  it('refuses connections (broker secrets would become visible overrides)', async () => {
    const f = context('any:1', parameters({ connections: { db: 'warehouse' } }));
    const failure = await failureOf(new EcsHandler().run(f.ctx));
    expect(failure.code).toBe('BAD_JOB_PARAMETERS');
    expect(failure.message).toMatch(/ecs jobs take no connections/);
  });

  it('fails with ECS reason when the task cannot start', async () => {
    const definition = await taskDefinition({
      image: 'lava-no-such-image.invalid/none:1',
      command: ['true'],
    });
    const failure = await failureOf(new EcsHandler().run(context(definition, parameters()).ctx));
    expect(failure.code).toBe('ECS_TASK_FAILED_TO_START');
    expect(failure.message).toMatch(/^Task failed to start: CannotPullContainerError: /);
  });
});
