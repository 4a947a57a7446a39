/**
 * A hostile template (a loop that would run for hours, a regex that backtracks for longer) fails
 * its run at the render budget with a precise reason, and the worker goes on serving: renders
 * run on render threads, so health checks answer and a run sent with it completes first.
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
// One regular expression match the evaluator cannot interrupt: only the watchdog stops it.
const CATASTROPHIC_REGEX = "{{ utils.re.match('^(a+)+$', 'a' * 40 + 'b') }}";

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
    await jobs.put({
      job_id: 'backtracking',
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload: `echo "${CATASTROPHIC_REGEX}"`,
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
      LAVA_RENDER_TIMEOUT_MS: '3000',
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
      /Bad payload: Cannot render payload\[1\]: render time budget exceeded: stopped after [\d,]+ ms \(budget [\d,]+ ms\); a run's templates together may render for LAVA_RENDER_TIMEOUT_MS \(3000 ms\); raise it on the worker/,
    );
    // The worker still takes work after the budget stopped a render.
    expect((await terminal(await send('hello'))).detail.status).toBe('complete');
  }, 60_000);

  /** Polls /health/live every 20 ms until `done` settles; resolves with the slowest answer, ms. */
  async function slowestHealthAnswer(done: Promise<unknown>): Promise<number> {
    let finished = false;
    void done.finally(() => (finished = true));
    let slowest = 0;
    while (!finished) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${service.healthPort}/health/live`);
      expect(response.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return slowest;
  }

  it.each([
    ['a loop', 'hostile', /render time budget exceeded/],
    [
      'a catastrophic regex',
      'backtracking',
      /Bad payload: Cannot render payload\[1\]: render time budget exceeded: stopped after [\d,]+ ms \(budget [\d,]+ ms\); a run's templates together may render for LAVA_RENDER_TIMEOUT_MS/,
    ],
  ])(
    'renders %s off the event loop: health answers throughout and a run sent with it completes first',
    async (_what, jobId, reason) => {
      const hostile = await send(jobId);
      const hello = await send('hello');
      const both = Promise.all([terminal(hostile), terminal(hello)]);
      const slowest = await slowestHealthAnswer(both);
      const [bad, good] = await both;
      expect(bad.detail.status).toBe('failed');
      expect(JSON.stringify(bad.detail.info)).toMatch(reason);
      expect(good.detail.status).toBe('complete');
      expect(Date.parse(String(good.detail.ts_event))).toBeLessThan(Date.parse(String(bad.detail.ts_event)));
      // A render on the event loop would hold it for the whole budget (3000 ms). The bound is not
      // 100 ms: on the shared 2-core test host (load 12-15) a health answer took up to 555 ms
      // with two plain runs and no hostile render at all.
      expect(slowest).toBeLessThan(1000);
    },
    60_000,
  );
});
