import type { EcsTaskRequest, EcsTaskRunner, EcsTaskState } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import type { EcsWaitClock } from '../ecs/ecs-wait';
import { EcsHandler } from './ecs.handler';

/** A runner double: the task stays RUNNING until stopped or `finishAfter` describes. */
class FakeRunner implements EcsTaskRunner {
  requests: EcsTaskRequest[] = [];
  stops: string[] = [];
  private describes = 0;
  constructor(private readonly finishAfter = Infinity) {}

  async run(request: EcsTaskRequest): Promise<EcsTaskState> {
    this.requests.push(request);
    return { taskArn: 'arn:task/1', lastStatus: 'PROVISIONING', containers: [{ name: 'main' }] };
  }
  async describe(): Promise<EcsTaskState> {
    const done = this.stops.length > 0 || ++this.describes >= this.finishAfter;
    if (!done) return { taskArn: 'arn:task/1', lastStatus: 'RUNNING', containers: [{ name: 'main' }] };
    const stopped = this.stops.length > 0;
    return {
      taskArn: 'arn:task/1',
      lastStatus: 'STOPPED',
      stopCode: stopped ? 'UserInitiated' : 'EssentialContainerExited',
      stoppedReason: this.stops[0] ?? 'Essential container in task exited',
      containers: [{ name: 'main', exitCode: stopped ? 143 : 0 }],
    };
  }
  async stop(_cluster: string, _arn: string, reason: string): Promise<void> {
    this.stops.push(reason);
  }
  async logs() {
    return [];
  }
}

/** Virtual time: sleeping advances it at once. */
function virtualClock(): EcsWaitClock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

function context(
  parameters: Record<string, unknown>,
  runner: EcsTaskRunner,
  config: Record<string, string> = {},
) {
  const f = makeContext(makeJob({ type: 'ecs', payload: 'etl:3', parameters }), { config });
  f.ctx.ecs = runner;
  return f;
}

describe('EcsHandler', () => {
  it('asks for the task with config defaults and nothing from the worker environment', async () => {
    const runner = new FakeRunner(2);
    const f = context({ env: { MODE: 'x' }, cpu: 1024 }, runner, {
      ECS_CLUSTER: 'batch',
      ECS_SUBNETS: 'a, b',
    });
    f.ctx.jobEnv = { LAVA_CONN_DB_PASSWORD: 'secret' };
    const result = await new EcsHandler(virtualClock()).run(f.ctx);
    expect(result.exit_status).toBe(0);
    expect(runner.requests).toEqual([
      {
        cluster: 'batch',
        taskDefinition: 'etl:3',
        launchType: 'FARGATE',
        environment: { MODE: 'x' },
        cpu: '1024',
        network: { subnets: ['a', 'b'], assignPublicIp: false },
        startedBy: `lava/${f.ctx.job.run_id}`,
      },
    ]);
  });

  it('stops the task when the worker shuts down, and reports it', async () => {
    const runner = new FakeRunner();
    const controller = new AbortController();
    const f = context({}, runner);
    f.ctx.signal = controller.signal;
    controller.abort();
    await expect(new EcsHandler(virtualClock()).run(f.ctx)).rejects.toMatchObject({
      code: 'JOB_STOPPED',
      data: expect.objectContaining({ exit_status: 143 }),
    });
    expect(runner.stops).toEqual(['Lava: worker shut down']);
  });

  it('fails clearly on a worker without ECS access', async () => {
    const f = context({}, new FakeRunner());
    delete f.ctx.ecs;
    await expect(new EcsHandler(virtualClock()).run(f.ctx)).rejects.toMatchObject({
      code: 'ECS_UNAVAILABLE',
    });
  });

  it('refuses a bad launch type', async () => {
    await expect(
      new EcsHandler(virtualClock()).run(context({ launch_type: 'LAMBDA' }, new FakeRunner()).ctx),
    ).rejects.toMatchObject({ code: 'BAD_JOB_PARAMETERS' });
  });
});
