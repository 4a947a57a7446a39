import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultActions, type ActionContext } from '@lava/actions';
import { ConnectionNotifier } from '@lava/connectors';
import { Logger } from '@lava/logging';
import { startSmtpReceiver as startSmtp, startWebhookReceiver as startWebhook } from '@lava/testing';

describe('email and slack actions over a real SMTP server and webhook receiver', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let failing: Awaited<ReturnType<typeof startWebhook>>;
  const runDir = mkdtempSync(join(tmpdir(), 'lava-notify-'));

  beforeAll(async () => {
    [smtp, hook, failing] = await Promise.all([startSmtp(), startWebhook(), startWebhook(500)]);
    writeFileSync(join(runDir, 'report.csv'), 'a,b\n1,2\n');
  });
  afterAll(async () => {
    await Promise.all([smtp.close(), hook.close(), failing.close()]);
    rmSync(runDir, { recursive: true, force: true });
  });

  function context(config: Record<string, string> = {}): Omit<ActionContext, 'list'> {
    const connections: Record<string, Record<string, unknown>> = {
      mail: {
        kind: 'email',
        connId: 'mail',
        email: {
          subtype: 'smtp',
          host: '127.0.0.1',
          port: smtp.port,
          tls: false,
          starttls: false,
          from: 'lava@example.com',
          replyTo: ['ops@example.com'],
        },
      },
      chat: { kind: 'slack', connId: 'chat', webhookUrl: hook.url, style: 'block', from: 'Lava demo' },
      broken: { kind: 'slack', connId: 'broken', webhookUrl: failing.url, style: 'plain' },
    };
    const job = {
      job_id: 'etl/load',
      run_id: '7d1c3a52-1111-4222-8333-444455556666',
      globals: {},
    } as unknown as ActionContext['job'];
    const render = (t: string) =>
      t.replace(/\{\{\s*job\.(\w+)\s*\}\}/g, (_m, k: string) => String((job as Record<string, unknown>)[k]));
    return {
      job,
      realmRecord: { realm: 'acme' },
      result: { exit_status: 1 },
      logger: new Logger({}, { sink: () => undefined }),
      config: (k) => config[k],
      render: async (t) => render(t),
      renderJson: async (v) => v,
      ports: { notify: new ConnectionNotifier() } as unknown as ActionContext['ports'],
      connections: { get: async (id) => connections[id]! },
      runDir,
    };
  }

  it('delivers an email with the rendered subject, body and an attachment from the run', async () => {
    const action = {
      action: 'email',
      email_conn: 'mail',
      to: ['a@example.com', 'b@example.com'],
      subject: 'Run {{ job.run_id }} failed',
      message: 'See {{ job.job_id }}',
      attachments: ['report.csv'],
    };
    await defaultActions().runList('on_fail', [action], context());
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail).toMatchObject({ from: 'lava@example.com', to: ['a@example.com', 'b@example.com'] });
    expect(mail.raw).toContain('Subject: Run 7d1c3a52-1111-4222-8333-444455556666 failed');
    expect(mail.raw).toContain('See etl/load');
    expect(mail.raw).toMatch(/filename=report\.csv/);
    expect(mail.raw).toContain('Reply-To: ops@example.com');
  });

  it('enforces EMAIL_MAX_ATTACHMENTS and EMAIL_MAX_SIZE before sending', async () => {
    const before = smtp.mails.length;
    const action = {
      action: 'email',
      email_conn: 'mail',
      to: 'a@example.com',
      subject: 's',
      message: 'm',
      attachments: ['report.csv'],
    };
    await expect(
      defaultActions().runList('on_fail', [action], context({ EMAIL_MAX_ATTACHMENTS: '0' })),
    ).rejects.toThrow('1 attachments, more than EMAIL_MAX_ATTACHMENTS (0)');
    await expect(
      defaultActions().runList('on_fail', [action], context({ EMAIL_MAX_SIZE: '4' })),
    ).rejects.toThrow('more than EMAIL_MAX_SIZE (4)');
    expect(smtp.mails.length).toBe(before);
  });

  it('posts a Slack message to the webhook, and fails without the webhook URL when it answers an error', async () => {
    await defaultActions().runList(
      'on_fail',
      [{ action: 'slack', slack_conn: 'chat', subject: 'ETL', message: 'Run {{ job.run_id }} failed' }],
      context(),
    );
    expect(hook.bodies).toHaveLength(1);
    expect(JSON.stringify(hook.bodies[0])).toContain('Run 7d1c3a52-1111-4222-8333-444455556666 failed');
    expect(hook.bodies[0]).toMatchObject({
      blocks: expect.arrayContaining([{ type: 'header', text: { type: 'plain_text', text: 'ETL' } }]),
    });
    const err = await defaultActions()
      .runList('on_fail', [{ action: 'slack', slack_conn: 'broken', message: 'x' }], context())
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toContain('Slack webhook answered HTTP 500');
    expect(err?.message).not.toContain('SECRET');
  });
});
