import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { JobFailedError, type ObjectSource } from '@lava/core';
import { createDefaultRegistry, type ResolvedConnection } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { ensureSamba, type TestSamba } from '@lava/testing';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { SmbGetHandler } from './smb-get.handler';
import { SmbPutHandler } from './smb-put.handler';

jest.setTimeout(30_000);
let samba: TestSamba;
let conn: ResolvedConnection;
const dir = `jobs-${randomUUID()}`;

/** An S3 double that records what smb_get writes. */
function s3(
  initial: Record<string, string>,
): ObjectSource & { written: Map<string, { body: string; kms?: string }> } {
  const written = new Map<string, { body: string; kms?: string }>();
  return {
    written,
    head: async (uri) => (uri in initial ? { size: initial[uri]!.length } : undefined),
    get: async (uri) => Readable.from([Buffer.from(initial[uri]!)]),
    put: async (uri, body, options) => {
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(Buffer.from(c as Buffer));
      written.set(uri, { body: Buffer.concat(chunks).toString(), kms: options?.kmsKeyId });
    },
  };
}

beforeAll(async () => {
  samba = ensureSamba();
  const secrets = new InMemorySecrets({ '/lava/demo/fs': samba.password });
  conn = await createDefaultRegistry().resolve(
    {
      conn_id: 'fs',
      type: 'smb',
      enabled: true,
      host: samba.host,
      port: samba.port,
      user: samba.user,
      password: '/lava/demo/fs',
      remote_name: 'files',
    },
    { secrets },
  );
});
afterAll(() => rmSync(join(samba.shareDir, dir), { recursive: true, force: true }));

describe('smb_put and smb_get against the local Samba server', () => {
  it('smb_put copies an S3 object into new directories (rendered path), smb_get copies it back to S3 with KMS', async () => {
    const objects = s3({ 's3://in/x.csv': 'a,b\n1,2\n' });
    const put = makeJob({
      type: 'smb_put',
      parameters: {
        conn_id: 'fs',
        share_name: samba.share,
        path: `/${dir}/{{ vars.day }}/x.csv`,
        file: 's3://in/x.csv',
        create_dirs: true,
        vars: { day: '2026-01-02' },
      },
    });
    const p = makeContext(put, { connections: { fs: conn }, objects });
    expect(await new SmbPutHandler().run(p.ctx)).toEqual({
      exit_status: 0,
      source: 's3://in/x.csv',
      destination: `${samba.share}:/${dir}/2026-01-02/x.csv`,
    });
    expect(readFileSync(join(samba.shareDir, dir, '2026-01-02', 'x.csv'), 'utf8')).toBe('a,b\n1,2\n');

    const get = makeJob({
      type: 'smb_get',
      parameters: {
        conn_id: 'fs',
        share_name: samba.share,
        path: `${dir}/2026-01-02/x.csv`,
        file: 's3://out/x.csv',
        kms_key_id: 'alias/data',
      },
    });
    const g = makeContext(get, { connections: { fs: conn }, objects });
    await new SmbGetHandler().run(g.ctx);
    expect(objects.written.get('s3://out/x.csv')).toEqual({ body: 'a,b\n1,2\n', kms: 'alias/data' });
  });

  it('local files are relative to basedir (default: the run directory)', async () => {
    const put = makeJob({
      type: 'smb_put',
      parameters: {
        conn_id: 'fs',
        share_name: samba.share,
        path: `${dir}/local.txt`,
        file: 'local.txt',
        create_dirs: 'true',
      },
    });
    const p = makeContext(put, { connections: { fs: conn } });
    writeFileSync(join(p.ctx.runDir, 'local.txt'), 'local file');
    await new SmbPutHandler().run(p.ctx);
    const get = makeJob({
      type: 'smb_get',
      parameters: {
        conn_id: 'fs',
        share_name: samba.share,
        path: `${dir}/local.txt`,
        file: 'copy.txt',
        basedir: 'sub',
      },
    });
    const g = makeContext(get, { connections: { fs: conn } });
    const result = await new SmbGetHandler().run(g.ctx);
    expect(result.destination).toBe(join(g.ctx.runDir, 'sub', 'copy.txt'));
    expect(readFileSync(join(g.ctx.runDir, 'sub', 'copy.txt'), 'utf8')).toBe('local file');
  });

  it('a missing source fails the job with the NT status; the password is nowhere', async () => {
    const job = makeJob({
      type: 'smb_get',
      parameters: { conn_id: 'fs', share_name: samba.share, path: `${dir}/missing.csv`, file: 'm.csv' },
    });
    const f = makeContext(job, { connections: { fs: conn } });
    const err = (await new SmbGetHandler().run(f.ctx).catch((e: unknown) => e)) as JobFailedError;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.code).toBe('TRANSFER_FAILED');
    expect(err.data).toMatchObject({ exit_status: 1, status: 'NT_STATUS_OBJECT_NAME_NOT_FOUND' });
    expect(JSON.stringify([err.message, err.data, f.logLines])).not.toContain(samba.password);
  });

  it('unknown parameters and a non-smb connection are refused before any transfer', async () => {
    const bad = makeJob({
      type: 'smb_get',
      parameters: { conn_id: 'fs', share_name: 's', path: 'p', file: 'f', title: 'x' },
    });
    await expect(
      new SmbGetHandler().run(makeContext(bad, { connections: { fs: conn } }).ctx),
    ).rejects.toThrow(/Unexpected keys: title/);
    const job = makeJob({
      type: 'smb_put',
      parameters: { conn_id: 'db', share_name: 's', path: 'p', file: 'f' },
    });
    const ctx = makeContext(job, { connections: { db: { kind: 'database' } } }).ctx;
    await expect(new SmbPutHandler().run(ctx)).rejects.toThrow(/not an smb connection/);
  });
});
