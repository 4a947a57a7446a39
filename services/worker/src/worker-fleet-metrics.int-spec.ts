import { hostname } from 'node:os';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { JobsRepository } from '@lava/aws';
import { buildRunMessage, workerQueueName } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, type TestRealm } from '@lava/testing';
import type { RunningService } from '@lava/service-kit';
import { bootstrap } from './bootstrap';

const aws = useAwsEndpoint();

/** The worker's own CloudWatch metrics (`CW_METRICS_WORKER`), read back with the real SDK client. */
describe('worker CloudWatch worker metrics (local AWS endpoint)', () => {
  let realm: TestRealm;
  let service: RunningService;
  const namespace = `LavaFleet${Date.now()}`;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    const job = { type: 'cmd', worker: 'core', enabled: true };
    await jobs.put({ ...job, job_id: 'f/ok', payload: 'true' });
    await jobs.put({ ...job, job_id: 'f/bad', payload: 'sh -c "exit 3"' });
    await jobs.put({ ...job, job_id: 'f/slow', payload: 'sleep 4' });
    const queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
    service = await bootstrap({
      ...realm.env,
      LAVA_WORKER: 'core',
      LAVA_WORKER_CONCURRENCY: '3',
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_LOG_LEVEL: 'warn',
      LAVA_CW_NAMESPACE: namespace,
      LAVA_CW_METRICS_WORKER: 'true',
      LAVA_CW_METRICS_PERIOD: '1s',
    });
    for (const jobId of ['f/ok', 'f/bad', 'f/slow'])
      await realm.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(buildRunMessage({ realm: realm.realm, worker: 'core', job_id: jobId })),
        }),
      );
  });
  afterAll(async () => {
    await service?.app.close();
  });

  /** One statistic of a worker metric of this process over the last hour. */
  const stat = async (name: string, statistic: 'Sum' | 'Maximum') => {
    const out = await realm.clients.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 3600_000),
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [
          {
            Id: 'm',
            MetricStat: {
              Metric: {
                Namespace: namespace,
                MetricName: name,
                Dimensions: [
                  { Name: 'Realm', Value: realm.realm },
                  { Name: 'Worker', Value: 'core' },
                  { Name: 'Instance', Value: `${hostname()}:${process.pid}` },
                ],
              },
              Period: 3600,
              Stat: statistic,
            },
          },
        ],
      }),
    );
    return out.MetricDataResults?.[0]?.Values?.[0];
  };

  it('counts runs started, finished and failed by Realm, Worker and Instance', async () => {
    await pollUntil(async () => ((await stat('RunsFinished', 'Sum')) === 3 ? true : undefined), {
      what: 'RunsFinished summing to 3',
      timeoutMs: 60_000,
    });
    expect(await stat('RunsStarted', 'Sum')).toBe(3);
    expect(await stat('RunsFailed', 'Sum')).toBe(1);
  }, 90_000);

  it('reports busy slots while a run goes on, the slots alive and the process RSS', async () => {
    await pollUntil(async () => ((await stat('RunsFinished', 'Sum')) === 3 ? true : undefined), {
      what: 'RunsFinished summing to 3',
      timeoutMs: 60_000,
    });
    expect(await stat('BusySlots', 'Maximum')).toBeGreaterThanOrEqual(1);
    expect(await stat('WorkerThreadsAlive', 'Maximum')).toBe(3);
    expect(await stat('MaxRss', 'Maximum')).toBeGreaterThan(1_000_000);
  }, 90_000);
});
