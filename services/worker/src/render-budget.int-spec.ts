/**
 * A hostile template (a loop that would run for hours) fails its run at the render budget
 * with a precise reason, and the worker goes on serving: a run sent right after it completes.
 */
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { JobsRepository } from '@lava/aws';
import { buildRunMessage, workerQueueName } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, type TestRealm } from '@lava/testing';
import type { RunningService } from '@lava/service-kit';
import { bootstrap } from './bootstrap';

const aws = useAwsEndpoint();
const HOURS_OF_LOOPING = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';

describe('worker render budget (in process, against the local AWS endpoint)', () => {
  let realm: TestRealm;
  let service: RunningService;
  let queueUrl: string;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    await jobs.put({
      job_id: 'hostile',
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload: `echo "${HOURS_OF_LOOPING}"`,
    });
    await jobs.put({ job_id: 'hello', type: 'cmd', worker: 'core', enabled: true, payload: 'echo hello' });
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
      LAVA_RENDER_TIMEOUT_MS: '1500',
    });
  }, 60_000);
  afterAll(async () => {
    await service?.app.close();
  });

  const send = async (jobId: string) => {
    const message = buildRunMessage({ realm: realm.realm, worker: 'core', job_id: jobId });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return message.run_id;
  };
  const terminal = (runId: string) =>
    pollUntil(
      async () =>
        (await realm.auditEvents()).find(
          (e) => e.detail.run_id === runId && ['complete', 'failed'].includes(e.detail.status as string),
        ),
      { what: `a terminal status for ${runId}`, timeoutMs: 50_000 },
    );

  it('fails the hostile run at the budget, naming field and limit, while the next run completes', async () => {
    const hostile = await send('hostile');
    const hello = await send('hello');
    const [bad, good] = await Promise.all([terminal(hostile), terminal(hello)]);
    expect(good.detail.status).toBe('complete');
    expect(bad.detail.status).toBe('failed');
    expect(JSON.stringify(bad.detail.info)).toMatch(
      /Bad payload: Cannot render payload\[1\]: render time budget exceeded: stopped after [\d,]+ ms \(budget [\d,]+ ms\); a run's templates together may render for LAVA_RENDER_TIMEOUT_MS \(1500 ms\); raise it on the worker/,
    );
    // The worker still takes work after the budget stopped a render.
    expect((await terminal(await send('hello'))).detail.status).toBe('complete');
  }, 60_000);
});
