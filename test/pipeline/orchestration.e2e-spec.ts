import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { SMTPServer } from 'smtp-server';
import { StateRepository } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(150_000);

const appendStep = (name: string) =>
  `sh -c 'echo "${name} start" >> "$TMPDIR/../order"; sleep 1; echo "${name} end" >> "$TMPDIR/../order"'`;

/** foreach, dag and notification actions across processes, as `npm start` runs them. */
describe('orchestration and notifications (services as separate processes)', () => {
  let e: E2eRealm;
  const mails: string[] = [];
  const hooks: string[] = [];
  let smtp: SMTPServer;
  let webhook: http.Server;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => (mails.push(raw), callback()));
      },
    });
    webhook = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => (hooks.push(text), res.writeHead(200).end('ok')));
    });
    await Promise.all([
      new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r)),
      new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r)),
    ]);
    e = await startE2eRealm();
    const hookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/services/T0/B0/x`;
    await e.clients.ssm.send(
      new PutParameterCommand({ Name: `/lava/${e.realm}/slack-hook`, Value: hookUrl, Type: 'SecureString' }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'lava-e2e-conn-'));
    writeFileSync(
      join(dir, 'conns.json'),
      JSON.stringify([
        {
          conn_id: 'mail',
          type: 'email',
          subtype: 'smtp',
          enabled: true,
          host: '127.0.0.1',
          port: (smtp.server.address() as AddressInfo).port,
          from: 'lava@example.com',
        },
        {
          conn_id: 'chat',
          type: 'slack',
          enabled: true,
          webhook_url: `/lava/${e.realm}/slack-hook`,
          style: 'plain',
        },
      ]),
    );
    const put = await e.lava(['connection', 'put', join(dir, 'conns.json')]);
    if (put.code !== 0) throw new Error(`connection put failed: ${put.err}`);
    const cmd = (job_id: string, payload: string, extra: Record<string, unknown> = {}) => ({
      job_id,
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload,
      ...extra,
    });
    await e.putJobs([
      cmd('item', `sh -c 'echo item {{ globals.name }}'`, {
        on_success: [
          { action: 'state', state_id: 'each/{{ globals.lava.foreach_index }}', value: '{{ globals.name }}' },
        ],
      }),
      {
        job_id: 'each',
        type: 'foreach',
        worker: 'core',
        enabled: true,
        payload: 'item',
        parameters: { foreach: { type: 'inline', values: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
      },
      cmd('flaky', `sh -c 'exit 3'`),
      {
        job_id: 'each-bad',
        type: 'foreach',
        worker: 'core',
        enabled: true,
        payload: 'flaky',
        parameters: { foreach: { type: 'range', stop: 2 } },
      },
      cmd('A', appendStep('A')),
      cmd('B', appendStep('B')),
      cmd('C', appendStep('C')),
      cmd('D', `sh -c 'cat "$TMPDIR/../order"'`),
      {
        job_id: 'graph',
        type: 'dag',
        worker: 'core',
        enabled: true,
        payload: { D: ['B', 'C'], B: 'A', C: 'A' },
        parameters: { workers: 2 },
      },
      cmd('alarm', `sh -c 'exit 4'`, {
        on_fail: [
          {
            action: 'email',
            email_conn: 'mail',
            to: 'ops@example.com',
            subject: 'Run {{ job.run_id }} failed',
            message: 'Job {{ job.job_id }}: {{ result.error }}',
          },
          { action: 'slack', slack_conn: 'chat', message: 'Run {{ job.run_id }} of {{ job.job_id }} failed' },
        ],
      }),
    ]);
  });
  afterAll(async () => {
    await e?.stop();
    await new Promise<void>((r) => smtp?.close(() => r()));
    await new Promise<void>((r) => webhook?.close(() => r()));
  });

  it('foreach over an inline list of three items runs three children and completes', async () => {
    await e.lava(['dispatch', 'each']);
    await e.waitForStatus('each', 'complete');
    const state = new StateRepository(e.clients.dynamo, e.realm);
    const values = await Promise.all([0, 1, 2].map((i) => pollUntil(() => state.getState(`each/${i}`))));
    expect(values.map((v) => v.value)).toEqual(['a', 'b', 'c']);
  });

  it('a failing child fails the foreach parent', async () => {
    await e.lava(['dispatch', 'each-bad']);
    const item = await e.waitForStatus('each-bad', 'failed');
    expect(JSON.stringify(item)).toContain('Job flaky: Index 0');
  });

  it('a dag A -> {B, C} -> D runs in dependency order, B and C overlapping', async () => {
    await e.lava(['dispatch', 'graph']);
    const item = await e.waitForStatus('graph', 'complete', 60_000);
    const out = await e.clients.s3.send(
      new GetObjectCommand({ Bucket: `lava-${e.realm}`, Key: `tmp/D/${String(item.run_id)}/stdout` }),
    );
    const lines = (await out.Body!.transformToString()).trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['A start', 'A end']);
    expect(lines.slice(2, 4).sort()).toEqual(['B start', 'C start']);
    expect(lines.slice(4).sort()).toEqual(['B end', 'C end']);
  });

  it('on_fail email and slack actions deliver both, with the run id', async () => {
    await e.lava(['dispatch', 'alarm']);
    const item = await e.waitForStatus('alarm', 'failed');
    const runId = String(item.run_id);
    const mail = await pollUntil(async () => mails.find((m) => m.includes(runId)), {
      timeoutMs: 20_000,
      what: 'email with the run id',
    });
    expect(mail).toContain('Job alarm: ');
    const hook = await pollUntil(async () => hooks.find((h) => h.includes(runId)), {
      timeoutMs: 20_000,
      what: 'slack message with the run id',
    });
    expect(JSON.parse(hook)).toEqual({ text: `Run ${runId} of alarm failed` });
  });
});
