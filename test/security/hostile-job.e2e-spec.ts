import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { parseS3Uri, RealmsRepository } from '@lava/aws';
import { GrantKeyring, signRunGrant } from '@lava/grants';
import { pollUntil } from '@lava/errors';
import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(240_000);

/**
 * A hostile `exe` job on a real local realm (every service its own process) tries each way around
 * its isolation while another run holds a database connection: the worker's environment and
 * /proc, signals to the worker and the other run, the other run's connection files and output,
 * SSM and Secrets Manager on the endpoint (the grant keyring among them), forged grants, and a
 * real grant of the other run replayed from outside its worker. Every attempt must fail, with jobs
 * in bubblewrap and with each run under its own uid (the worker as root, as on ECS Fargate).
 */
describe.each(['bwrap', 'uid'])('a hostile job cannot get around isolation %s (end to end)', (isolation) => {
  const password = `victim-pw-${randomBytes(10).toString('hex')}`;
  let e: E2eRealm;
  let results: Map<string, string>;
  let output: string;
  let realmSecretKey: string;
  let hostileRun: string;

  const readyLine = (service: string) =>
    e
      .logs()
      .map((l) => l.slice(l.indexOf('{')))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.service === service && l.msg === 'ready')!;

  beforeAll(async () => {
    e = await startE2eRealm({ serviceEnv: { LAVA_JOB_ISOLATION: isolation } });
    realmSecretKey = e.local.env.AWS_SECRET_ACCESS_KEY!;
    await e.clients.ssm.send(
      new PutParameterCommand({
        Name: `/lava/${e.realm}/victim/password`,
        Value: password,
        Type: 'SecureString',
      }),
    );
    const connFile = join(tmpdir(), `lava-hostile-conn-${e.realm}.json`);
    writeFileSync(
      connFile,
      JSON.stringify({
        conn_id: 'victimdb',
        type: 'postgres',
        enabled: true,
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        database: 'test',
        ssl: false,
        password: `/lava/${e.realm}/victim/password`,
      }),
    );
    expect((await e.lava(['connection', 'put', connFile])).code).toBe(0);
    const record = await new RealmsRepository(e.clients.dynamo).get(e.realm);
    const { bucket, key: prefix } = parseS3Uri(String(record?.s3_payloads));
    const put = (name: string, body: string) =>
      e.clients.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${prefix.replace(/\/+$/, '')}/sec/${name}`,
          Body: body,
        }),
      );
    await put('victim.sh', '#!/bin/sh\necho VICTIM-OUTPUT-MARKER\nsleep 40\n');
    await put('hostile.sh', readFileSync(join(__dirname, 'hostile-job.sh'), 'utf8'));
    await e.putJobs([
      {
        job_id: 'victim',
        type: 'exe',
        worker: 'core',
        enabled: true,
        payload: 'sec/victim.sh',
        parameters: { connections: { db: 'victimdb' }, timeout: '90s' },
      },
    ]);

    // The victim runs and holds its connection files while the hostile job probes.
    expect((await e.lava(['dispatch', 'victim'])).code).toBe(0);
    const victimRun = await e.onlyRun('victim');
    const root = join('/tmp/lava', e.realm);
    const victimDir = await pollUntil(
      async () => {
        for (const w of existsSync(root) ? readdirSync(root) : []) {
          const dir = join(root, w, victimRun);
          const conn = join(dir, '.lava-conn');
          if (existsSync(conn) && readdirSync(conn).length && existsSync(join(dir, 'victim.sh.stdout')))
            return dir;
        }
        return undefined;
      },
      { what: 'the victim run holding its connection files', timeoutMs: 60_000 },
    );
    const pgpass = join(victimDir, '.lava-conn', readdirSync(join(victimDir, '.lava-conn'))[0]!, 'pgpass');
    expect(readFileSync(pgpass, 'utf8')).toContain(password); // the file the hostile job will go for
    // A real grant of the victim's run, as anyone reading the worker queue could copy it.
    const keyring = await e.clients.secretsManager.send(
      new GetSecretValueCommand({ SecretId: `lava/${e.realm}/_grant-keys` }),
    );
    const now = Math.floor(Date.now() / 1000);
    const grant = signRunGrant(
      {
        realm: e.realm,
        job_id: 'victim',
        run_id: victimRun,
        worker: 'core',
        conn_ids: ['victimdb'],
        iat: now,
        exp: now + 600,
      },
      GrantKeyring.parse(keyring.SecretString!).current,
    );
    const args = [
      e.local.endpoint,
      e.realm,
      String(readyLine('secrets-broker').broker_url),
      pgpass,
      join(victimDir, 'victim.sh.stdout'),
      String(readyLine('worker').pid),
      grant,
      victimRun,
    ];
    await e.putJobs([
      {
        job_id: 'hostile',
        type: 'exe',
        worker: 'core',
        enabled: true,
        payload: 'sec/hostile.sh',
        parameters: { args, timeout: '60s' },
      },
    ]);
    expect((await e.lava(['dispatch', 'hostile'])).code).toBe(0);
    const item = await e.waitForStatus('hostile', 'complete', 120_000);
    hostileRun = String(item.run_id);
    const logs = await e.lava(['logs', hostileRun, '--job', 'hostile']);
    output = logs.out;
    results = new Map(
      [...output.matchAll(/^RESULT (\S+) (.*)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]),
    );
    process.stdout.write(
      `hostile job results:\n${[...results].map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await e?.stop();
  });

  const section = (name: string) =>
    output.slice(output.indexOf(`${name}-BEGIN`), output.indexOf(`${name}-END`));

  it('sees none of the worker environment: no credentials, endpoint or broker settings', () => {
    const env = section('ENV');
    expect(env).toContain('LAVA_RUN_ID=');
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_ENDPOINT_URL',
      'LAVA_BROKER_URL',
      'AWS_CONTAINER_CREDENTIALS',
    ])
      expect(env).not.toContain(`${name}=`);
    expect(env).not.toContain(realmSecretKey);
  });

  it('runs under the isolation asked for', () => {
    const boot = readyLine('worker');
    expect(boot).toBeDefined();
    const said = e
      .logs()
      .some((l) =>
        l.includes(isolation === 'uid' ? 'each run runs under its own uid' : 'runs in a bubblewrap sandbox'),
      );
    expect(said).toBe(true);
  });

  it('cannot read the worker through /proc nor signal the worker or the other run', () => {
    expect(section('PROC')).not.toContain(realmSecretKey);
    expect(section('PROC')).not.toContain('LAVA_BROKER_URL');
    if (isolation === 'bwrap') {
      // Its own PID namespace: only its sandbox processes are there.
      expect(Number(/^PROCCOUNT (\d+)$/m.exec(output)?.[1])).toBeLessThanOrEqual(6);
      expect(results.get('worker-environ')).toBe('HIDDEN');
      expect(results.get('signal-worker')).toBe('HIDDEN');
      expect(results.get('signal-other-run')).toBe('HIDDEN');
    } else {
      // The worker and the other run are in /proc, but under other uids: no environ, no signal.
      expect(results.get('worker-environ')).toBe('DENIED');
      expect(results.get('signal-worker')).toBe('DENIED');
      expect(results.get('signal-other-run')).toBe('DENIED');
    }
  });

  it('leaves nothing behind: its run directory is removed when it ends', async () => {
    const root = join('/tmp/lava', e.realm);
    await pollUntil(
      () => (readdirSync(root).some((w) => existsSync(join(root, w, hostileRun))) ? undefined : true),
      { what: "the hostile run's directory removed", timeoutMs: 30_000 },
    );
  });

  it("cannot read another run's connection files or output, nor list the worker's run directories", () => {
    expect(results.get('conn-file')).toBe('DENIED');
    expect(results.get('other-output')).toBe('DENIED');
    expect(results.get('other-run-dir')).toBe('HIDDEN');
    expect(output).not.toContain('VICTIM-OUTPUT-MARKER');
  });

  it('cannot read SSM parameters or Secrets Manager secrets (grant keyring, worker key) on the endpoint', () => {
    for (const check of [
      'ssm-unsigned',
      'ssm-test-key',
      'secretsmanager-keyring',
      'secretsmanager-worker-key',
    ])
      expect({ check, result: results.get(check) }).toEqual({
        check,
        result: 'DENIED AccessDeniedException',
      });
  });

  it('cannot forge a grant, nor replay a real one without the worker key or for another run', () => {
    expect(results.get('forged-grant-guessed-kid')).toBe('DENIED GRANT_UNKNOWN_KEY');
    expect(results.get('forged-grant-real-kid')).toBe('DENIED GRANT_BAD_SIGNATURE');
    expect(results.get('replayed-grant-unsigned')).toBe('DENIED WORKER_SIGNATURE_MISSING');
    expect(results.get('replayed-grant-forged-worker-signature')).toBe('DENIED WORKER_SIGNATURE_UNKNOWN_KEY');
    expect(results.get('replayed-grant-other-run')).toBe('DENIED GRANT_WRONG_RUN');
    expect(output).not.toContain(password);
  });
});
