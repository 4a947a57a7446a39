import type { HandlerContext } from '@lava/core';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDefaultRegistry, type ConnectionSpec } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import type { JobHandler } from '@lava/handlers';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import {
  ensureSamba,
  ensureSshd,
  findSecret,
  startSmtpReceiver,
  startWebhookReceiver,
  type TestSamba,
  type TestSshd,
} from '@lava/testing';
import { ConnectionEnvHandler } from './connection-env.handler';

const run = promisify(execFile);
const aws = useAwsEndpoint();
jest.setTimeout(120_000);

let samba: TestSamba;
let sshd: TestSshd;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const work = mkdtempSync(join(tmpdir(), 'lava-conn-helpers-'));
const bin = join(work, 'bin');
const remoteDir = `helpers-${randomUUID()}`;
const SMTP_PASSWORD = 'smtp-Secret-1';

function specs(): Record<string, ConnectionSpec> {
  return {
    files: {
      conn_id: 'files',
      type: 'smb',
      enabled: true,
      host: samba.host,
      port: samba.port,
      user: samba.user,
      password: '/t/smb',
      remote_name: 'lava-test',
    },
    box: {
      conn_id: 'box',
      type: 'ssh',
      enabled: true,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      ssh_key: '/t/key',
      known_hosts: sshd.knownHosts,
    },
    mail: {
      conn_id: 'mail',
      type: 'email',
      subtype: 'smtp',
      enabled: true,
      host: '127.0.0.1',
      port: smtp.port,
      user: 'lava',
      password: '/t/smtp',
    },
    ses: { conn_id: 'ses', type: 'email', subtype: 'ses', enabled: true },
    chat: { conn_id: 'chat', type: 'slack', enabled: true, webhook_url: '/t/hook', style: 'plain' },
  };
}

/** A run context: realm config gives SES_FROM and SES_REGION, connections resolve from the specs. */
function context(connections: Record<string, string>): HandlerContext {
  const secrets = new InMemorySecrets({
    '/t/smb': samba.password,
    '/t/key': sshd.privateKey,
    '/t/smtp': SMTP_PASSWORD,
    '/t/hook': hook.url,
  });
  const config: Record<string, string> = { SES_FROM: 'realm@example.com', SES_REGION: 'ap-southeast-2' };
  return {
    job: { job_id: 'j', run_id: 'r', realm: 't', worker: 'core', type: 'exe', parameters: { connections } },
    runDir: work,
    baseEnv: {
      PATH: `${bin}:${process.env.PATH}`,
      AWS_ENDPOINT_URL: aws.url(),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    },
    config: (k: string) => config[k],
    renderer: { render: (t: string) => t },
    connections: {
      get: async (id: string) =>
        (await createDefaultRegistry().resolve(specs()[id]!, { secrets })) as unknown as Record<
          string,
          unknown
        >,
    },
  } as unknown as HandlerContext;
}

/** Stands in for exe: runs a shell script with only the environment the job would get. */
function script(text: string): JobHandler & { env: Record<string, string>; helpers: string } {
  const probe = {
    type: 'exe',
    env: {} as Record<string, string>,
    /** The helper scripts' text, read while they exist (they go when the run ends). */
    helpers: '',
    async run(ctx: HandlerContext) {
      probe.env = { ...ctx.baseEnv, ...ctx.jobEnv } as Record<string, string>;
      probe.helpers = Object.entries(probe.env)
        .filter(([k]) => /^LAVA_CONN_[A-Z]+$/.test(k))
        .map(([, path]) => readFileSync(path, 'utf8'))
        .join('\n');
      const out = await run('/bin/sh', ['-c', text], { env: probe.env, cwd: work });
      return { stdout: out.stdout };
    },
  };
  return probe;
}

beforeAll(async () => {
  samba = ensureSamba();
  sshd = ensureSshd();
  smtp = await startSmtpReceiver({ user: 'lava', password: SMTP_PASSWORD });
  hook = await startWebhookReceiver();
  // `lava` on the job's PATH, as the helpers expect (here: the repository's CLI from source).
  mkdirSync(bin);
  const cli = resolve(__dirname, '../../../../libs/cli/bin/lava.js');
  writeFileSync(
    join(bin, 'lava'),
    `#!/bin/sh\nLAVA_CLI_FROM_SOURCE=1 exec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} "$@"\n`,
  );
  chmodSync(join(bin, 'lava'), 0o755);
});
afterAll(async () => {
  await smtp.close();
  await hook.close();
  rmSync(join(samba.shareDir, remoteDir), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('$LAVA_CONN_<LABEL> helpers in exe/pkg jobs (real smbd, sshd, SMTP, webhook, local SES)', () => {
  it('smb and ssh: a job script puts and gets through the share and runs a remote command', async () => {
    writeFileSync(join(work, 'data.csv'), 'a,b\n1,2\n');
    const probe = script(
      `"$LAVA_CONN_FS" put --mkdir data.csv "${samba.share}:/${remoteDir}/in/data.csv" &&
       "$LAVA_CONN_FS" get "${samba.share}:/${remoteDir}/in/data.csv" back.csv &&
       "$LAVA_CONN_BOX" "$LAVA_CONN_BOX_HOST" 'echo remote:$(whoami)'`,
    );
    const result = await new ConnectionEnvHandler(probe).run(context({ fs: 'files', box: 'box' }));
    expect(result).toEqual({ stdout: `remote:${sshd.user}\n` });
    expect(readFileSync(join(samba.shareDir, remoteDir, 'in', 'data.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(join(work, 'back.csv'), 'utf8')).toBe('a,b\n1,2\n');
    const leaks = await findSecret(samba.password, { logs: [JSON.stringify(probe.env)] });
    expect(leaks).toEqual([]);
  });

  it('email (SMTP) and slack: the lava-email / lava-slack interface with the connection handed over', async () => {
    writeFileSync(join(work, 'report.txt'), 'rows loaded: 42');
    const probe = script(
      `"$LAVA_CONN_MAIL" --to ops@example.com -s "Load done" --from job@example.com report.txt &&
       echo "disk full" | "$LAVA_CONN_CHAT" -s Alert`,
    );
    await new ConnectionEnvHandler(probe).run(context({ mail: 'mail', chat: 'chat' }));
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({ from: 'job@example.com', to: ['ops@example.com'], user: 'lava' });
    expect(mail.raw).toMatch(/^Subject: Load done$/m);
    expect(mail.raw).toContain('rows loaded: 42');
    expect(hook.bodies.at(-1)).toEqual({ text: '*Alert*\ndisk full\n' });
    const seen = [JSON.stringify(probe.env), probe.helpers].join();
    expect(probe.helpers).toContain('exec lava email --conn-file');
    expect(seen).not.toContain(SMTP_PASSWORD);
    expect(seen).not.toContain(hook.url);
  });

  it("email (SES): the realm's SES_FROM and SES_REGION when the connection names neither", async () => {
    const subject = `helper ${randomUUID()}`;
    const probe = script(`echo body | "$LAVA_CONN_NOTE" --to x@example.com -s "${subject}"`);
    await new ConnectionEnvHandler(probe).run(context({ note: 'ses' }));
    const res = await fetch(`${aws.url()}/_aws/ses`);
    const mails = ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
    expect(mails.find((m) => String(m.RawData).includes(subject))).toMatchObject({
      Source: 'realm@example.com',
      Region: 'ap-southeast-2',
    });
  });
});
