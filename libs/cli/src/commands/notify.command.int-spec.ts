import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { ConnectionsRepository, RealmsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { provisionTestRealm, startSmtpReceiver, startWebhookReceiver, type TestRealm } from '@lava/testing';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

/** `lava email` and `lava slack` through realm connections to a real SMTP server, webhook and SES. */
describe('lava email / lava slack', () => {
  let realm: TestRealm;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const dir = mkdtempSync(join(tmpdir(), 'lava-cli-notify-'));

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = await startWebhookReceiver();
    realm = await provisionTestRealm(aws.url());
    const param = `/lava/${realm.realm}/slack/url`;
    await realm.clients.ssm.send(
      new PutParameterCommand({ Name: param, Value: hook.url, Type: 'SecureString' }),
    );
    const conns = new ConnectionsRepository(realm.clients.dynamo, realm.realm);
    await conns.put({
      conn_id: 'mail',
      type: 'email',
      subtype: 'smtp',
      enabled: true,
      host: '127.0.0.1',
      port: smtp.port,
      from: 'lava@example.com',
    });
    await conns.put({
      conn_id: 'ses',
      type: 'email',
      subtype: 'ses',
      enabled: true,
      region: 'eu-west-1',
      from: 'ses@example.com',
    });
    await conns.put({ conn_id: 'ses-bare', type: 'email', subtype: 'ses', enabled: true });
    const realms = new RealmsRepository(realm.clients.dynamo);
    const record = (await realms.get(realm.realm))!;
    await realms.put({
      ...record,
      config: { ...record.config, ses_from: 'realm@example.com', SES_REGION: 'ap-southeast-2' },
    });
    await conns.put({ conn_id: 'chat', type: 'slack', enabled: true, webhook_url: param, style: 'plain' });
  });
  afterAll(async () => {
    await smtp.close();
    await hook.close();
  });

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm.realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  it('emails through SMTP with cc, bcc, an HTML body and an attachment', async () => {
    writeFileSync(join(dir, 'body.html'), '<html><body><b>done</b></body></html>');
    writeFileSync(join(dir, 'rows.csv'), 'a,b\n1,2\n');
    const r = await lava(
      'email',
      '-c',
      'mail',
      '-s',
      'Load done',
      '--to',
      'a@example.com',
      '--to',
      'b@example.com',
      '--cc',
      'c@example.com',
      '--bcc',
      'hidden@example.com',
      '-a',
      join(dir, 'rows.csv'),
      join(dir, 'body.html'),
    );
    expect(r).toMatchObject({ code: 0, out: 'sent "Load done" through mail\n' });
    const mail = smtp.mails.at(-1)!;
    expect(mail.from).toBe('lava@example.com');
    expect(mail.to.sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'hidden@example.com']);
    expect(mail.raw).toMatch(/^Subject: Load done$/m);
    expect(mail.raw).toMatch(/^Cc: c@example\.com$/m);
    expect(mail.raw).not.toContain('hidden@example.com');
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.raw).toMatch(/filename=rows\.csv/);
  });

  it('emails through SES with the connection region; Bcc only in the envelope', async () => {
    const subject = `ses ${Date.now()}`;
    writeFileSync(join(dir, 'plain.txt'), 'plain words');
    const r = await lava(
      'email',
      '-c',
      'ses',
      '-s',
      subject,
      '--to',
      'x@example.com',
      '--bcc',
      'y@example.com',
      '--from',
      'other@example.com',
      join(dir, 'plain.txt'),
    );
    expect(r.code).toBe(0);
    const res = await fetch(`${aws.url()}/_aws/ses`);
    const mails = ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
    const mail = mails.find((m) => String(m.RawData).includes(subject))!;
    expect(mail).toMatchObject({
      Source: 'other@example.com',
      Region: 'eu-west-1',
      Destination: { ToAddresses: ['x@example.com', 'y@example.com'] },
    });
    expect(String(mail.RawData)).not.toContain('y@example.com');
  });

  it("emails through SES with the realm's SES_FROM and SES_REGION when the connection has neither", async () => {
    const subject = `realm ses ${Date.now()}`;
    const r = await lava(
      'email',
      '-c',
      'ses-bare',
      '-s',
      subject,
      '--to',
      'x@example.com',
      join(dir, 'plain.txt'),
    );
    expect(r.code).toBe(0);
    const res = await fetch(`${aws.url()}/_aws/ses`);
    const mails = ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
    expect(mails.find((m) => String(m.RawData).includes(subject))).toMatchObject({
      Source: 'realm@example.com',
      Region: 'ap-southeast-2',
    });
    const both = await lava(
      'email',
      '-c',
      'ses-bare',
      '--conn-file',
      'x',
      '-s',
      's',
      '--to',
      'a@example.com',
    );
    expect(both).toMatchObject({ code: 2 });
    expect(both.err).toContain('Give one of -c/--conn-id and --conn-file');
  });

  it('refuses an email without recipients or of the wrong connection type', async () => {
    expect((await lava('email', '-c', 'mail', '-s', 'x', join(dir, 'plain.txt'))).code).not.toBe(0);
    const wrong = await lava(
      'email',
      '-c',
      'chat',
      '-s',
      'x',
      '--to',
      'a@example.com',
      join(dir, 'plain.txt'),
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('not a email connection');
  });

  it('posts to the slack webhook; options override the connection; errors name no secret', async () => {
    writeFileSync(join(dir, 'msg.txt'), 'disk full');
    const r = await lava(
      'slack',
      '-c',
      'chat',
      '-s',
      'Alert',
      '--style',
      'attachment',
      '--bar-colour',
      'danger',
      '--preamble',
      '<!here>',
      join(dir, 'msg.txt'),
    );
    expect(r).toMatchObject({ code: 0, out: 'posted to chat\n' });
    expect(hook.bodies.at(-1)).toEqual({
      text: '<!here>',
      attachments: [
        { color: 'danger', title: 'Alert', text: 'disk full', fallback: '<!here>\n*Alert*\ndisk full' },
      ],
    });
    expect((await lava('slack', '-c', 'chat', join(dir, 'msg.txt'))).code).toBe(0);
    expect(hook.bodies.at(-1)).toEqual({ text: 'disk full' });
    await hook.close();
    const down = await lava('slack', '-c', 'chat', join(dir, 'msg.txt'));
    expect(down.code).not.toBe(0);
    expect(down.err).not.toContain('SECRET');
    hook = await startWebhookReceiver();
  });
});
