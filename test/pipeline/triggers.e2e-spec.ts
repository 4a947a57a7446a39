import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { findTopicArn, realmNames } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { logStatuses, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(120_000);

/** Every way an event starts a job: S3 uploads, rule triggers on the bus, the dispatch topic. */
describe('event-triggered jobs (services as separate processes)', () => {
  let e: E2eRealm;
  let bucket: string;

  const file = (name: string, records: unknown[]) => {
    const path = join(mkdtempSync(join(tmpdir(), 'lava-e2e-triggers-')), name);
    writeFileSync(path, JSON.stringify(records));
    return path;
  };
  const stdout = async (jobId: string, runId: unknown) =>
    (
      await e.clients.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: `tmp/${jobId}/${String(runId)}/stdout` }),
      )
    ).Body!.transformToString();
  const upload = (key: string, bytes: number) =>
    e.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x'.repeat(bytes) }));
  /** Waits until the dispatcher logged that the trigger skipped this object, with this reason. */
  const skipped = (key: string, reason: string) =>
    pollUntil(
      () =>
        e
          .logs()
          .find(
            (l) =>
              l.includes('trigger skipped') && l.includes(`s3://${bucket}/${key}"`) && l.includes(reason),
          ),
      {
        what: `a skip of ${key} (${reason})`,
        timeoutMs: 30000,
      },
    );
  const echo = (jobId: string, text: string) => ({
    job_id: jobId,
    type: 'cmd',
    worker: 'core',
    enabled: true,
    payload: `sh -c 'echo "${text}"'`,
  });

  beforeAll(async () => {
    e = await startE2eRealm({ serviceEnv: { LAVA_S3TRIGGER_CACHE_TTL_SECONDS: '0' } });
    bucket = realmNames(e.realm).bucket;
    await e.putJobs([
      {
        ...echo('landed', 'day={{ vars.day }} key={{ vars.key }} size={{ vars.size }}'),
        parameters: { vars: { day: 'unset' } },
      },
      echo('again', 'again'),
      echo('ordered', 'order={{ vars.order }} kind={{ vars.kind }}'),
      echo('notified', 'who={{ vars.who }}'),
      { ...echo('off', 'never'), enabled: false },
    ]);
    const triggers = [
      {
        trigger_id: 'landing-csv',
        bucket,
        prefix: 'landing',
        job_id: 'landed',
        enabled: true,
        if_fnmatch: '*.csv',
        if_size_gt: 100,
        if_event_type: 'ObjectCreated:*',
        parameters: { vars: { day: "{{ key.split('/')[1] }}", key: '{{ key }}', size: '{{ info.size }}' } },
      },
      { trigger_id: 'again', bucket, prefix: 'again', job_id: 'again', enabled: true },
      { trigger_id: 'off-job', bucket, prefix: 'offjob', job_id: 'off', enabled: true },
    ];
    const put = await e.lava(['trigger', 'put', file('triggers.json', triggers)]);
    expect(put).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('an upload to a triggered prefix starts the job with parameters rendered from the key', async () => {
    await upload('landing/2024-05-01/sales.csv', 200);
    const item = await e.waitForStatus('landed', 'complete');
    expect(await stdout('landed', item.run_id)).toBe(
      'day=2024-05-01 key=landing/2024-05-01/sales.csv size=200\n',
    );
  });

  it('a non-matching key, a too-small object and a delete event start nothing', async () => {
    await e.waitForStatus('landed', 'complete');
    await upload('landing/2024-05-01/notes.txt', 200);
    await upload('landing/2024-05-01/tiny.csv', 10);
    await e.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'landing/2024-05-01/sales.csv' }));
    await skipped('landing/2024-05-01/notes.txt', 'if_fnmatch not met');
    await skipped('landing/2024-05-01/tiny.csv', 'if_size_gt not met');
    await skipped('landing/2024-05-01/sales.csv', 'if_size_gt not met');
    expect(await e.events.listRuns('landed')).toHaveLength(1);
  });

  it('an S3 event delivered twice starts one run', async () => {
    const event = {
      version: '0',
      id: 'redelivered-1',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      time: '2024-05-01T03:00:05Z',
      region: 'us-east-1',
      detail: {
        bucket: { name: bucket },
        object: { key: 'again/file.bin', size: 5, sequencer: '00AB12' },
        reason: 'PutObject',
      },
    };
    const url = (
      await e.clients.sqs.send(new GetQueueUrlCommand({ QueueName: realmNames(e.realm).queues.s3events }))
    ).QueueUrl!;
    await e.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(event) }));
    await e.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(event) }));
    await e.waitForStatus('again', 'complete');
    await pollUntil(
      () =>
        e
          .logs()
          .find((l) => l.includes('duplicate dispatch dropped') && l.includes('s3trigger/again/again/')),
      { what: 'the duplicate dropped' },
    );
    expect(await e.events.listRuns('again')).toHaveLength(1);
  });

  it('lava trigger test starts the job as an upload would; a disabled job is answered with a rejection', async () => {
    const sent = await e.lava([
      'trigger',
      'test',
      `s3://${bucket}/landing/2024-05-02/sim.csv`,
      '--size',
      '1KiB',
    ]);
    expect(sent).toMatchObject({ code: 0, out: expect.stringContaining('sent Object Created') });
    const first = String((await e.waitForStatus('landed', 'complete')).run_id);
    const run = await pollUntil(
      async () =>
        (await e.events.listRuns('landed')).find((r) => r.status === 'complete' && r.run_id !== first),
      {
        what: 'the run started by lava trigger test',
        timeoutMs: 30000,
      },
    );
    expect(await stdout('landed', run.run_id)).toBe(
      'day=2024-05-02 key=landing/2024-05-02/sim.csv size=1024\n',
    );
    await e.lava(['trigger', 'test', `s3://${bucket}/offjob/x`]);
    const rejected = await e.waitForStatus('off', 'rejected');
    expect(JSON.stringify(rejected.log)).toContain('s3trigger:off-job: job off is disabled');
  });

  it('a custom event published with PutEvents starts its rule job with fields mapped into parameters', async () => {
    const rule = {
      rule_id: 'orders',
      event_pattern: { source: ['acme.shop'], 'detail-type': ['Order Placed'] },
      job_id: 'ordered',
      enabled: true,
      parameters: { vars: { order: '{{ event.detail.order_id }}', kind: "{{ event['detail-type'] }}" } },
    };
    expect(await e.lava(['rule', 'put', file('rules.json', [rule])])).toMatchObject({ code: 0 });
    expect((await e.lava(['rule', 'list'])).out).toContain('orders\tordered\ttrue');
    expect((await e.lava(['realm', 'describe', e.realm])).out).toContain(
      `rule triggers: lava-${e.realm}/lava.${e.realm}.orders`,
    );
    await e.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: realmNames(e.realm).bus,
            Source: 'acme.shop',
            DetailType: 'Order Placed',
            Detail: JSON.stringify({ order_id: 'A-17' }),
          },
        ],
      }),
    );
    const item = await e.waitForStatus('ordered', 'complete');
    expect(await stdout('ordered', item.run_id)).toBe('order=A-17 kind=Order Placed\n');
    expect(await e.lava(['rule', 'delete', 'orders'])).toMatchObject({ code: 0 });
    expect((await e.lava(['rule', 'list'])).out).toContain('(no rules)');
  });

  it('a message published to the dispatch topic starts a job', async () => {
    const topic = await findTopicArn(e.clients.sns, realmNames(e.realm).topics.dispatch);
    await e.clients.sns.send(new PublishCommand({ TopicArn: topic, Message: 'notified -p vars.who=sns' }));
    const item = await e.waitForStatus('notified', 'complete');
    expect(logStatuses(item)).toEqual(['dispatched', 'starting', 'running', 'complete']);
    expect(await stdout('notified', item.run_id)).toBe('who=sns\n');
  });
});
