import { GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { JobsRepository } from '@lava/aws';
import { buildRunMessage, workerQueueName } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, type TestRealm } from '@lava/testing';
import type { RunningService } from '@lava/service-kit';
import { bootstrap } from './bootstrap';

const aws = useAwsEndpoint();

/** `cw_metrics` jobs put the original's CloudWatch metrics, read back with the real SDK client. */
describe('worker CloudWatch job metrics (local AWS endpoint)', () => {
  let realm: TestRealm;
  let service: RunningService;
  let queueUrl: string;
  const namespace = `LavaTest${Date.now()}`;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    const job = { type: 'cmd', worker: 'core', enabled: true };
    await jobs.put({ ...job, job_id: 'm/ok', cw_metrics: true, payload: 'true' });
    await jobs.put({ ...job, job_id: 'm/bad', cw_metrics: true, payload: 'sh -c "exit 3"' });
    await jobs.put({ ...job, job_id: 'm/quiet', payload: 'true' });
    queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
    service = await bootstrap({
      ...realm.env,
      LAVA_WORKER: 'core',
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_LOG_LEVEL: 'warn',
      LAVA_CW_NAMESPACE: namespace,
    });
    for (const jobId of ['m/ok', 'm/bad', 'm/quiet'])
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

  const metricValue = (name: string, dimensions: Record<string, string>) =>
    pollUntil(
      async () => {
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
                    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
                  },
                  Period: 3600,
                  Stat: 'Maximum',
                },
              },
            ],
          }),
        );
        return out.MetricDataResults?.[0]?.Values?.[0];
      },
      { what: `${name} ${JSON.stringify(dimensions)}` },
    );

  it('puts JobFailed and RunTime by Realm and Job', async () => {
    expect(await metricValue('JobFailed', { Realm: realm.realm, Job: 'm/ok' })).toBe(0);
    expect(await metricValue('JobFailed', { Realm: realm.realm, Job: 'm/bad' })).toBe(1);
    expect(await metricValue('RunTime', { Realm: realm.realm, Job: 'm/ok' })).toBeGreaterThanOrEqual(0);
  });

  it('puts RunDelay by Realm and Worker, and nothing for jobs without cw_metrics', async () => {
    expect(await metricValue('RunDelay', { Realm: realm.realm, Worker: 'core' })).toBeGreaterThanOrEqual(0);
    await metricValue('JobFailed', { Realm: realm.realm, Job: 'm/bad' });
    const listed = await realm.clients.cloudWatch.send(new ListMetricsCommand({ Namespace: namespace }));
    const names = (listed.Metrics ?? []).map(
      (m) => `${m.MetricName} ${(m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',')}`,
    );
    expect(names.sort()).toEqual(
      [
        `JobFailed Realm=${realm.realm},Job=m/bad`,
        `JobFailed Realm=${realm.realm},Job=m/ok`,
        `RunDelay Realm=${realm.realm},Worker=core`,
        `RunTime Realm=${realm.realm},Job=m/bad`,
        `RunTime Realm=${realm.realm},Job=m/ok`,
      ].sort(),
    );
  });
});
