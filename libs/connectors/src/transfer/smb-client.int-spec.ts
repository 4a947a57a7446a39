import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderConnectionEnv } from '../cli/connection-env';
import { TransferFailedError } from '../errors';
import type { ConnectionSpec, ResolvedSmbConnection } from '../model/connection';
import { createDefaultRegistry } from '../registry';
import { ensureSamba, type TestSamba } from '@lava/testing';
import { InMemorySecrets } from '../testing/in-memory-secrets';
import { SmbClient } from './smb-client';

const run = promisify(execFile);
jest.setTimeout(30_000);
let samba: TestSamba;
let work: string;
const dirName = `it-${randomUUID()}`;

async function resolve(
  extra: Partial<ConnectionSpec> = {},
  password?: string,
): Promise<ResolvedSmbConnection> {
  const secrets = new InMemorySecrets({ '/lava/test/smb': password ?? samba.password });
  const spec: ConnectionSpec = {
    conn_id: 'fs',
    type: 'smb',
    enabled: true,
    host: samba.host,
    port: samba.port,
    user: samba.user,
    password: '/lava/test/smb',
    remote_name: 'lava-test',
    ...extra,
  };
  return (await createDefaultRegistry().resolve(spec, { secrets })) as ResolvedSmbConnection;
}

beforeAll(() => {
  samba = ensureSamba();
  work = mkdtempSync(join(tmpdir(), 'lava-smb-it-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(samba.shareDir, dirName), { recursive: true, force: true });
});

describe('SmbClient against the local Samba server', () => {
  it('puts into new directories and gets the file back byte for byte', async () => {
    const src = join(work, 'src.bin');
    writeFileSync(src, Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251)));
    const smb = await SmbClient.open(await resolve(), { tmpRoot: work });
    try {
      await smb.put(src, samba.share, `/${dirName}/a/b c/data.bin`, { mkdirs: true });
      expect(readFileSync(join(samba.shareDir, dirName, 'a', 'b c', 'data.bin'))).toEqual(readFileSync(src));
      await smb.get(samba.share, `${dirName}/a/b c/data.bin`, join(work, 'back.bin'));
      expect(readFileSync(join(work, 'back.bin'))).toEqual(readFileSync(src));
    } finally {
      await smb.close();
    }
  });

  it('encrypts when asked (SMB3)', async () => {
    const src = join(work, 'enc.txt');
    writeFileSync(src, 'secret payload');
    const smb = await SmbClient.open(await resolve({ encrypt: true, subtype: 'smbprotocol' }), {
      tmpRoot: work,
    });
    try {
      await smb.put(src, samba.share, `${dirName}/enc.txt`, { mkdirs: true });
    } finally {
      await smb.close();
    }
    expect(readFileSync(join(samba.shareDir, dirName, 'enc.txt'), 'utf8')).toBe('secret payload');
  });

  it('reports a missing file with its NT status and no directory left behind', async () => {
    const smb = await SmbClient.open(await resolve(), { tmpRoot: work });
    try {
      const err = await smb
        .get(samba.share, `${dirName}/missing.csv`, join(work, 'x'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransferFailedError);
      expect((err as TransferFailedError).context.status).toMatch(/NT_STATUS_OBJECT_(NAME|PATH)_NOT_FOUND/);
      expect((err as TransferFailedError).retryable).toBe(false);
    } finally {
      await smb.close();
    }
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  it('fails a bad password with LOGON_FAILURE and never shows the password', async () => {
    const wrong = 'Wrong-Smb-Password-123';
    const smb = await SmbClient.open(await resolve({}, wrong), { tmpRoot: work });
    try {
      const err = (await smb
        .get(samba.share, 'x', join(work, 'y'))
        .catch((e: unknown) => e)) as TransferFailedError;
      expect(err.context.status).toBe('NT_STATUS_LOGON_FAILURE');
      expect(JSON.stringify({ m: err.message, c: err.context })).not.toContain(wrong);
    } finally {
      await smb.close();
    }
  });

  it('refuses paths smbclient would split into commands', async () => {
    const smb = await SmbClient.open(await resolve(), { tmpRoot: work });
    try {
      await expect(smb.get(samba.share, 'a; del *', join(work, 'z'))).rejects.toThrow(/contains/);
    } finally {
      await smb.close();
    }
  });

  it('$LAVA_CONN_<LABEL> puts (with --mkdir) and gets, with the password only in a 0600 file', async () => {
    const r = await resolve();
    const conn = await renderConnectionEnv('fs', r, { tmpRoot: work });
    try {
      const helper = conn.env.LAVA_CONN_FS!;
      expect(readFileSync(helper, 'utf8')).not.toContain(samba.password);
      expect(Object.values(conn.env).join('\n')).not.toContain(samba.password);
      writeFileSync(join(work, 'h.txt'), 'from the helper');
      await run(helper, ['put', '--mkdir', join(work, 'h.txt'), `${samba.share}:/${dirName}/h/e/h.txt`]);
      expect(readFileSync(join(samba.shareDir, dirName, 'h', 'e', 'h.txt'), 'utf8')).toBe('from the helper');
      await run(helper, ['get', `${samba.share}:/${dirName}/h/e/h.txt`, join(work, 'h2.txt')]);
      expect(readFileSync(join(work, 'h2.txt'), 'utf8')).toBe('from the helper');
      await expect(
        run(helper, ['get', `${samba.share}:/${dirName}/nope`, join(work, 'h3.txt')]),
      ).rejects.toThrow(/NT_STATUS_OBJECT_NAME_NOT_FOUND/);
    } finally {
      await conn.cleanup();
    }
  });
});
