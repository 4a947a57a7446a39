import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients, DispatcherPausesRepository, loadAwsConfig, realmNames } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { pollUntil } from '@lava/errors';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

describe('lava schedule pause|resume|status against the local AWS endpoint', () => {
  const realm = `p${randomBytes(4).toString('hex')}`;
  let dir: string;
  let clients: ReturnType<typeof createAwsClients>;

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  /** Operator Action events that reached the realm's audit queue (every lava.* event goes there). */
  async function operatorActions(count: number): Promise<Array<{ source: string; detail: any }>> {
    const { QueueUrl } = await clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: realmNames(realm).queues.audit }),
    );
    const seen: Array<{ source: string; detail: any }> = [];
    return pollUntil(
      async () => {
        const got = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
        );
        for (const m of got.Messages ?? []) {
          const e = JSON.parse(m.Body ?? '{}');
          if (e['detail-type'] === 'Operator Action') seen.push(e);
        }
        return seen.length >= count ? seen : undefined;
      },
      { timeoutMs: 20_000, what: `${count} Operator Action events` },
    );
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-pause-int-'));
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    for (const argv of [
      ['realm', 'create'],
      ['worker', 'create', realm, 'core'],
    ]) {
      const r = await lava(...argv);
      if (r.code !== 0) throw new Error(r.err);
    }
    const job = path.join(dir, 'job.yaml');
    await writeFile(
      job,
      'job_id: nightly\ntype: cmd\nworker: core\npayload: "true"\nowner: me\ndescription: d\nenabled: true\ndispatcher: main\nschedule: "0 2 * * *"\n',
    );
    const put = await lava('job', 'put', job);
    if (put.code !== 0) throw new Error(put.err);
  });
  afterAll(async () => {
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    clients.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('pauses, reports and resumes a dispatcher where the scheduler reads it, auditing each as lava.cli', async () => {
    const pauses = new DispatcherPausesRepository(clients.dynamo, realm);
    expect((await lava('schedule', 'status')).out).toBe('no dispatcher is paused\n');

    const paused = await lava('schedule', 'pause', 'main', '--reason', 'warehouse upgrade');
    expect(paused).toMatchObject({ code: 0, out: 'paused main\n', err: '' });
    expect(await pauses.pausedNames()).toEqual(new Set(['main']));
    // the scheduler's own read: one key per dispatcher it fires for
    expect([await pauses.isPaused('main'), await pauses.isPaused('other')]).toEqual([true, false]);

    const status = await lava('--json', 'schedule', 'status');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).paused).toEqual([
      expect.objectContaining({
        dispatcher: 'main',
        reason: 'warehouse upgrade',
        paused_by: expect.stringMatching(/^cli:/),
      }),
    ]);

    expect(await lava('schedule', 'resume', 'main')).toMatchObject({ code: 0, out: 'resumed main\n' });
    expect(await pauses.pausedNames()).toEqual(new Set());
    expect(await pauses.isPaused('main')).toBe(false);

    const events = await operatorActions(2);
    expect(
      events.map((e) => [e.source, e.detail.action, e.detail.dispatcher, e.detail.outcome]).sort(),
    ).toEqual([
      ['lava.cli', 'pause', 'main', 'accepted'],
      ['lava.cli', 'resume', 'main', 'accepted'],
    ]);
    expect(events.find((e) => e.detail.action === 'pause')?.detail.reason).toBe('warehouse upgrade');
  });

  it('refuses to resume a dispatcher that is not paused, and a bad name, with exit 1', async () => {
    const notPaused = await lava('schedule', 'resume', 'main');
    expect(notPaused.code).toBe(1);
    expect(notPaused.err).toContain('dispatcher main is not paused');
    const bad = await lava('schedule', 'pause', '../etc');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('bad dispatcher name');
    expect(await new DispatcherPausesRepository(clients.dynamo, realm).pausedNames()).toEqual(new Set());
  });

  it('warns when no job names the dispatcher, and pauses it anyway', async () => {
    const r = await lava('schedule', 'pause', 'typo');
    expect(r.code).toBe(0);
    expect(r.err).toContain('no job in realm');
    expect((await lava('schedule', 'resume', 'typo')).code).toBe(0);
  });

  it('dispatches with --check-dispatch when no suppression file exists', async () => {
    const file = path.join(dir, 'absent', '__nodispatch__');
    const io = memoryIO();
    const argv = ['--endpoint', aws.url(), '--realm', realm, 'dispatch', 'nightly', '--check-dispatch'];
    const code = await runCli(argv, io, { LAVA_NO_DISPATCH_FILE: file });
    expect(code).toBe(0);
    expect(io.out).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(io.err).not.toContain('suppressed');
  });
});
