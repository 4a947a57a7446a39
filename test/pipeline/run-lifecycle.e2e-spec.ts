import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { realmNames, StateRepository } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { logStatuses, putDispatchEvent, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(120_000);

/** The run pipeline across processes: CLI and bus -> dispatcher -> worker -> audit logger. */
describe('run pipeline (services as separate processes)', () => {
  let e: E2eRealm;

  beforeAll(async () => {
    e = await startE2eRealm();
    await e.putJobs([
      {
        job_id: 'ok',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'echo "out {{vars.n}}"; echo note >&2'`,
        parameters: { vars: { n: 1 } },
      },
      {
        job_id: 'bad',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'echo broken >&2; exit 5'`,
        on_fail: [
          {
            action: 'state',
            state_id: 'bad/last',
            value: { run: '{{ job.run_id }}', error: '{{ result.error }}' },
          },
        ],
      },
      {
        job_id: 'retry',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        iteration_limit: 3,
        payload: `sh -c 'test -f "$TMPDIR/../flag" && exit 0; touch "$TMPDIR/../flag"; exit 1'`,
        on_retry: [
          { action: 'state', state_id: 'retry/seen', value: { iteration: '{{ globals.lava.iteration }}' } },
        ],
      },
      { job_id: 'off', type: 'cmd', worker: 'core', enabled: false, payload: 'true' },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('success: dispatched through the CLI, complete in the events table, outputs in S3', async () => {
    const r = await e.lava(['dispatch', 'ok', '-p', 'vars.n=42']);
    expect(r.code).toBe(0);
    const item = await e.waitForStatus('ok', 'complete');
    expect(logStatuses(item)).toEqual(['dispatched', 'starting', 'running', 'complete']);
    const get = (name: string) =>
      e.clients.s3
        .send(
          new GetObjectCommand({ Bucket: `lava-${e.realm}`, Key: `tmp/ok/${String(item.run_id)}/${name}` }),
        )
        .then((o) => o.Body!.transformToString());
    expect(await get('stdout')).toBe('out 42\n');
    expect(await get('stderr')).toBe('note\n');
    const logs = await e.lava(['logs', String(item.run_id), '--job', 'ok']);
    expect(logs.out).toContain('out 42');
  });

  it('failure: failed with the stderr excerpt, and on_fail ran', async () => {
    await e.lava(['dispatch', 'bad']);
    const item = await e.waitForStatus('bad', 'failed');
    expect(logStatuses(item)).toEqual(['dispatched', 'starting', 'running', 'failed']);
    const state = new StateRepository(e.clients.dynamo, e.realm);
    const entry = await pollUntil(() => state.getState('bad/last'));
    expect(entry.value).toEqual({ run: item.run_id, error: 'Failed with exit status 5' });
  });

  it('retry: retrying with on_retry, then complete', async () => {
    await e.lava(['dispatch', 'retry']);
    const item = await e.waitForStatus('retry', 'complete');
    expect(logStatuses(item)).toEqual([
      'dispatched',
      'starting',
      'running',
      'retrying',
      'running',
      'complete',
    ]);
    const state = new StateRepository(e.clients.dynamo, e.realm);
    expect((await pollUntil(() => state.getState('retry/seen'))).value).toEqual({ iteration: '1' });
  });

  it('unknown job, disabled job and malformed input each leave an event and do not block the queue', async () => {
    const okBefore = (await e.events.listRuns('ok')).length;
    await putDispatchEvent(e, { job_id: 'nosuch' });
    await e.lava(['dispatch', 'off']);
    const dispatchQueue = (
      await e.clients.sqs.send(new GetQueueUrlCommand({ QueueName: realmNames(e.realm).queues.dispatch }))
    ).QueueUrl!;
    await e.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: dispatchQueue,
        MessageBody: '{"detail-type": "Dispatch Requested", "detail": {',
      }),
    );
    await e.lava(['dispatch', 'ok']);
    // The queue is not blocked: the valid request sent after the bad ones completes.
    await pollUntil(
      async () =>
        (await e.events.listRuns('ok')).filter((r) => r.status === 'complete').length > okBefore
          ? true
          : undefined,
      {
        timeoutMs: 30000,
      },
    );
    const unknown = await e.waitForStatus('nosuch', 'rejected');
    expect(JSON.stringify(unknown.log)).toMatch(/nosuch/);
    expect(logStatuses(await e.waitForStatus('off', 'skipped'))).toEqual(['dispatched', 'skipped']);
  });
});
