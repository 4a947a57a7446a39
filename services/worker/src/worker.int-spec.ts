import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { JobsRepository } from '@lava/aws';
import { buildRunMessage, workerQueueName } from '@lava/core';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, type TestRealm } from '@lava/testing';
import type { RunningService } from '@lava/service-kit';
import { bootstrap } from './bootstrap';

const aws = useAwsEndpoint();

describe('worker service (in process, against the local AWS endpoint)', () => {
  let realm: TestRealm;
  let service: RunningService;
  let queueUrl: string;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    await jobs.put({
      job_id: 'hello',
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload: 'sh -c "echo hello $LAVA_JOB_ID"',
    });
    await jobs.put({
      job_id: 'broken',
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload: 'sh -c "echo oops >&2; exit 2"',
    });
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
    });
  });
  afterAll(async () => {
    await service?.app.close();
  });

  const send = async (jobId: string, extra: Record<string, unknown> = {}) => {
    const message = { ...buildRunMessage({ realm: realm.realm, worker: 'core', job_id: jobId }), ...extra };
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return message.run_id;
  };
  const statusesOf = async (runId: string, until: string) =>
    pollUntil(
      async () => {
        const events = (await realm.auditEvents())
          .filter((e) => e.detail.run_id === runId)
          .map((e) => e.detail.status as string);
        return events.includes(until) ? events : undefined;
      },
      { what: `status ${until} for ${runId}` },
    );

  it('runs a cmd job: lifecycle events on the bus and stdout in S3', async () => {
    const runId = await send('hello');
    expect(await statusesOf(runId, 'complete')).toEqual(['starting', 'running', 'complete']);
    const out = await realm.clients.s3.send(
      new GetObjectCommand({ Bucket: `lava-${realm.realm}`, Key: `tmp/hello/${runId}/stdout` }),
    );
    expect(await out.Body!.transformToString()).toBe('hello hello\n');
  });

  it('records a failing job as failed with its stderr excerpt', async () => {
    const runId = await send('broken');
    await statusesOf(runId, 'failed');
    const failed = (await realm.auditEvents()).find(
      (e) => e.detail.run_id === runId && e.detail.status === 'failed',
    )!;
    expect(failed['detail-type']).toBe('Job Run Failed');
    expect(failed.detail.info).toMatchObject({
      error: 'Failed with exit status 2',
      error_data: { exit_status: 2, error: 'oops' },
    });
  });

  it('rejects unknown jobs and malformed messages with events, without blocking the queue', async () => {
    const unknown = await send('no-such-job');
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"this is": not json' }),
    );
    const after = await send('hello');
    expect(await statusesOf(unknown, 'rejected')).toEqual(['rejected']);
    await statusesOf(after, 'complete');
    const rejections = (await realm.auditEvents()).filter((e) => e['detail-type'] === 'Job Run Rejected');
    expect(rejections.map((e) => e.detail.info)).toEqual(
      expect.arrayContaining([
        `No such job: no-such-job`,
        expect.stringMatching(/^Malformed dispatch message/),
      ]),
    );
  });

  it('never runs a finished run again when its message is redelivered', async () => {
    const message = buildRunMessage({ realm: realm.realm, worker: 'core', job_id: 'hello' });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    await statusesOf(message.run_id, 'complete');
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    const marker = await send('hello');
    await statusesOf(marker, 'complete');
    const events = (await realm.auditEvents()).filter((e) => e.detail.run_id === message.run_id);
    expect(events.map((e) => e.detail.status)).toEqual(['starting', 'running', 'complete']);
  });
});
