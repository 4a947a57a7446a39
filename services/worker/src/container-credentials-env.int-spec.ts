/**
 * A worker as ECS Fargate starts it (LAVA_JOB_ISOLATION=none, the container credentials and
 * task metadata endpoints in its environment): the job process's environment has none of them.
 */
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
const ECS_ENV = {
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/3f1c0a7e-task-role',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer not-for-jobs',
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/lava-test/token',
  ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/task',
  ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/task',
};

describe('job environment under LAVA_JOB_ISOLATION=none on ECS (in process, local AWS endpoint)', () => {
  let realm: TestRealm;
  let service: RunningService;
  let queueUrl: string;

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    await new JobsRepository(realm.clients.dynamo, realm.realm).put({
      job_id: 'print-env',
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload: 'env',
    });
    queueUrl = (
      await realm.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: workerQueueName(realm.realm, 'core') }),
      )
    ).QueueUrl!;
    service = await bootstrap({
      ...realm.env,
      ...ECS_ENV,
      LAVA_WORKER: 'core',
      LAVA_HEALTH_PORT: '0',
      LAVA_HEALTH_HOST: '127.0.0.1',
      LAVA_WAIT_SECONDS: '1',
      LAVA_LOG_LEVEL: 'error',
      LAVA_JOB_ISOLATION: 'none',
      // An operator allowing the names explicitly does not pass them on either.
      LAVA_JOB_ENV_ALLOW: Object.keys(ECS_ENV).join(','),
    });
  }, 60_000);
  afterAll(async () => {
    await service?.app.close();
  });

  it('passes none of the credential or metadata endpoint variables to the job', async () => {
    const message = buildRunMessage({ realm: realm.realm, worker: 'core', job_id: 'print-env' });
    await realm.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
    );
    await pollUntil(
      async () =>
        (await realm.auditEvents()).find(
          (e) => e.detail.run_id === message.run_id && e.detail.status === 'complete',
        ),
      { what: `print-env complete`, timeoutMs: 50_000 },
    );
    const out = await realm.clients.s3.send(
      new GetObjectCommand({ Bucket: `lava-${realm.realm}`, Key: `tmp/print-env/${message.run_id}/stdout` }),
    );
    const names = (await out.Body!.transformToString()).split('\n').map((line) => line.split('=')[0] ?? '');
    expect(names).toContain('LAVA_RUN_ID');
    expect(names.filter((n) => n in ECS_ENV || /^AWS_(ACCESS|SECRET|SESSION)/.test(n))).toEqual([]);
  }, 60_000);
});
