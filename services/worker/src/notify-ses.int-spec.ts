import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultActions, type ActionContext } from '@lava/actions';
import { createAwsClients, loadAwsConfig, SesV2RawSender, type AwsClients } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { ConnectionNotifier } from '@lava/connectors';
import { Logger } from '@lava/logging';

const aws = useAwsEndpoint();
const RUN_ID = '0f4c1e2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

/** What the local endpoint's SES accepted (GET /_aws/ses). */
async function sentMail(): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${aws.url()}/_aws/ses`);
  return ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
}

describe('email action through SES (the local endpoint’s SES v2, recorded)', () => {
  let clients: AwsClients;
  let sender: SesV2RawSender;
  const runDir = mkdtempSync(join(tmpdir(), 'lava-ses-'));

  beforeAll(() => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    sender = SesV2RawSender.forClients(clients, 'ap-southeast-2');
    writeFileSync(join(runDir, 'summary.txt'), 'rows=42\n');
  });
  afterAll(() => {
    sender.destroy();
    clients.destroy();
    rmSync(runDir, { recursive: true, force: true });
  });

  function context(config: Record<string, string>): Omit<ActionContext, 'list'> {
    const job = { job_id: 'etl/load', run_id: RUN_ID, globals: {} } as unknown as ActionContext['job'];
    return {
      job,
      realmRecord: { realm: 'acme' },
      result: { exit_status: 1 },
      logger: new Logger({}, { sink: () => undefined }),
      config: (k) => config[k],
      render: async (t) => t.replace('{{ job.run_id }}', RUN_ID),
      renderJson: async (v) => v,
      ports: { notify: new ConnectionNotifier(fetch, sender) } as unknown as ActionContext['ports'],
      connections: {
        get: async (id) => ({
          kind: 'email',
          connId: id,
          email: {
            subtype: 'ses',
            from: 'Lava <lava@example.com>',
            region: 'eu-west-1',
            configurationSet: 'cs1',
          },
        }),
      },
      runDir,
    };
  }

  it('sends through an ses connection as MIME, with the attachment and the run id', async () => {
    const subject = `Run {{ job.run_id }} failed ${Date.now()}`;
    await defaultActions().runList(
      'on_fail',
      [
        {
          action: 'email',
          email_conn: 'mail',
          to: 'ops@example.com',
          subject,
          message: 'see attached',
          attachments: ['summary.txt'],
        },
      ],
      context({}),
    );
    const mail = (await sentMail()).find((m) =>
      String(m.RawData).includes(subject.replace('{{ job.run_id }}', RUN_ID)),
    );
    expect(mail).toMatchObject({
      Source: 'Lava <lava@example.com>',
      Region: 'eu-west-1',
      ConfigurationSet: 'cs1',
    });
    expect(String(mail!.RawData)).toMatch(/^To: ops@example\.com$/m);
    expect(String(mail!.RawData)).toMatch(/filename=summary\.txt/);
  });

  it('sends plain SES without email_conn, as the original: SES_FROM, SES_REGION, the action’s region', async () => {
    const subject = `plain ${Date.now()}`;
    const action = {
      action: 'email',
      to: 'a@example.com, b@example.com',
      subject,
      message: '<html><b>x</b></html>',
    };
    await defaultActions().runList(
      'on_fail',
      [action],
      context({ SES_FROM: 'realm@example.com', SES_REGION: 'us-west-2' }),
    );
    await defaultActions().runList(
      'on_fail',
      [{ ...action, subject: `${subject} r`, region: 'eu-central-1' }],
      context({ SES_FROM: 'realm@example.com' }),
    );
    const mails = (await sentMail()).filter((m) => String(m.RawData).includes(subject));
    expect(mails.map((m) => [m.Source, m.Region])).toEqual([
      ['realm@example.com', 'us-west-2'],
      ['realm@example.com', 'eu-central-1'],
    ]);
    expect(String(mails[0]!.RawData)).toContain('Content-Type: text/html');
  });

  it('refuses plain SES with attachments or without a sender, before sending anything', async () => {
    const before = (await sentMail()).length;
    const run = (action: Record<string, unknown>, config: Record<string, string>) =>
      defaultActions().runList(
        'on_fail',
        [{ action: 'email', to: 'a@example.com', subject: 's', message: 'm', ...action }],
        context(config),
      );
    await expect(run({ attachments: ['summary.txt'] }, { SES_FROM: 'x@example.com' })).rejects.toThrow(
      'email_conn must be specified to enable attachments',
    );
    await expect(run({}, {})).rejects.toThrow(
      'no sender: set from in the action or SES_FROM in the realm config',
    );
    expect((await sentMail()).length).toBe(before);
  });
});
