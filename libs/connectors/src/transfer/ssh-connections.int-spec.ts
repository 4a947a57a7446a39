import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderConnectionEnv } from '../cli/connection-env';
import { HostKeyRejectedError, TransferFailedError } from '../errors';
import type { ConnectionSpec, ResolvedSshConnection } from '../model/connection';
import { createDefaultRegistry } from '../registry';
import { ensureSshd, type TestSshd } from '@lava/testing';
import { InMemorySecrets } from '../testing/in-memory-secrets';
import { SftpClient } from './sftp-client';

const run = promisify(execFile);
jest.setTimeout(30_000);
let sshd: TestSshd;
let work: string;
const OTHER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHv3O1bFxmpMeZ9E3jzVpNL5zUCnDSkPuNYgqS3cVGaD';

async function resolve(type: string, extra: Partial<ConnectionSpec>): Promise<ResolvedSshConnection> {
  const secrets = new InMemorySecrets({
    '/lava/test/ssh-key': sshd.privateKey.trim().replace(/\n/g, ','), // the original's one-line form
    '/lava/test/ssh-pw': sshd.password,
  });
  const spec: ConnectionSpec = { conn_id: `c-${type}`, type, enabled: true, ...extra };
  return (await createDefaultRegistry().resolve(spec, { secrets })) as ResolvedSshConnection;
}

const target = (): string => `${sshd.user}@${sshd.host}`;
const byKey = (): Partial<ConnectionSpec> => ({
  ssh_key: '/lava/test/ssh-key',
  known_hosts: sshd.knownHosts,
  port: sshd.port,
});

async function withHelper<T>(
  r: ResolvedSshConnection,
  fn: (helper: string, env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const conn = await renderConnectionEnv('x', r, { tmpRoot: work });
  try {
    const env = conn.env;
    for (const secret of r.secretValues) {
      expect(readFileSync(env.LAVA_CONN_X!, 'utf8')).not.toContain(secret);
      expect(Object.values(env).join('\n')).not.toContain(secret);
    }
    return await fn(env.LAVA_CONN_X!, env);
  } finally {
    await conn.cleanup();
  }
}

beforeAll(() => {
  sshd = ensureSshd();
  work = mkdtempSync(join(tmpdir(), 'lava-ssh-it-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('$LAVA_CONN_<LABEL> for ssh, scp, sftp and git against the local sshd', () => {
  it('ssh: key authentication with the host key checked', async () => {
    await withHelper(await resolve('ssh', byKey()), async (helper) => {
      const { stdout } = await run(helper, [target(), 'echo hello from $(id -un)']);
      expect(stdout.trim()).toBe(`hello from ${sshd.user}`);
    });
  });

  it('ssh: password authentication (askpass reads the 0600 file)', async () => {
    const r = await resolve('ssh', {
      password: '/lava/test/ssh-pw',
      known_hosts: sshd.knownHosts,
      port: sshd.port,
      user: sshd.user,
    });
    await withHelper(r, async (helper) => {
      const { stdout } = await run(helper, [sshd.host, 'echo by password'], {
        env: { PATH: process.env.PATH },
      });
      expect(stdout.trim()).toBe('by password');
    });
  });

  it('ssh: a host key that is not the listed one is refused', async () => {
    const r = await resolve('ssh', { ...byKey(), known_hosts: `[${sshd.host}]:${sshd.port} ${OTHER_KEY}` });
    await withHelper(r, async (helper) => {
      await expect(run(helper, [target(), 'true'])).rejects.toThrow(
        /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/,
      );
    });
  });

  it('scp and sftp copy files', async () => {
    const name = `scp-${randomUUID()}.txt`;
    writeFileSync(join(work, name), 'copied by scp');
    await withHelper(await resolve('scp', byKey()), (helper) =>
      run(helper, [join(work, name), `${target()}:${name}`]),
    );
    expect(readFileSync(join(sshd.home, name), 'utf8')).toBe('copied by scp');
    await withHelper(await resolve('sftp', byKey()), (helper) =>
      run('sh', ['-c', `printf 'get ${name} ${join(work, 'back.txt')}\\n' | "${helper}" -b - ${target()}`]),
    );
    expect(readFileSync(join(work, 'back.txt'), 'utf8')).toBe('copied by scp');
  });

  it('git clones a repository over SSH into a working directory', async () => {
    const dest = join(work, `clone-${randomUUID()}`);
    await withHelper(await resolve('git', byKey()), (helper) =>
      run(helper, ['clone', '-q', `ssh://${target()}:${sshd.port}${sshd.gitRepo}`, dest]),
    );
    expect(readFileSync(join(dest, 'README.md'), 'utf8')).toContain("Lava's test sshd");
  });
});

describe('SftpClient (in-process, ssh2) against the local sshd', () => {
  const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));

  it('puts and gets by key, host key checked', async () => {
    const r = await resolve('sftp', { ...byKey(), host: sshd.host, user: sshd.user });
    const name = `sftp-${randomUUID()}.bin`;
    writeFileSync(join(work, name), payload);
    const sftp = await SftpClient.connect(r);
    try {
      await sftp.put(join(work, name), name);
      await sftp.get(name, join(work, `${name}.back`));
    } finally {
      sftp.close();
    }
    expect(readFileSync(join(sshd.home, name))).toEqual(payload);
    expect(readFileSync(join(work, `${name}.back`))).toEqual(payload);
  });

  it('authenticates by password', async () => {
    const r = await resolve('sftp', {
      password: '/lava/test/ssh-pw',
      known_hosts: sshd.knownHosts,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
    });
    const sftp = await SftpClient.connect(r);
    sftp.close();
  });

  it('refuses an unknown host key unless StrictHostKeyChecking=no', async () => {
    const base = { ssh_key: '/lava/test/ssh-key', host: sshd.host, port: sshd.port, user: sshd.user };
    await expect(SftpClient.connect(await resolve('sftp', base))).rejects.toBeInstanceOf(
      HostKeyRejectedError,
    );
    await expect(
      SftpClient.connect(
        await resolve('sftp', { ...base, known_hosts: `[${sshd.host}]:${sshd.port} ${OTHER_KEY}` }),
      ),
    ).rejects.toBeInstanceOf(HostKeyRejectedError);
    const lax = await SftpClient.connect(
      await resolve('sftp', { ...base, ssh_options: ['StrictHostKeyChecking=no'] }),
    );
    lax.close();
  });

  it('a wrong password fails without the password in the error', async () => {
    const secrets = new InMemorySecrets({ '/pw': 'Not-The-Password-42' });
    const r = (await createDefaultRegistry().resolve(
      {
        conn_id: 'bad',
        type: 'sftp',
        enabled: true,
        password: '/pw',
        known_hosts: sshd.knownHosts,
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
      },
      { secrets },
    )) as ResolvedSshConnection;
    const err = (await SftpClient.connect(r).catch((e: unknown) => e)) as TransferFailedError;
    expect(err).toBeInstanceOf(TransferFailedError);
    expect(err.retryable).toBe(false);
    expect(JSON.stringify({ m: err.message, c: err.context })).not.toContain('Not-The-Password-42');
  });
});
