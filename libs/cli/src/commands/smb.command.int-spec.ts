import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { ConnectionsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { ensureSamba, provisionTestRealm, type TestRealm, type TestSamba } from '@lava/testing';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();
jest.setTimeout(60_000);

/** `lava smb` against the local Samba server; the connection and its SSM password on the local endpoint. */
describe('lava smb', () => {
  let realm: TestRealm;
  let samba: TestSamba;
  const dir = mkdtempSync(join(tmpdir(), 'lava-cli-smb-'));
  const remoteDir = `cli-${randomUUID()}`;
  const bucket = `lava-smb-${randomUUID()}`;

  beforeAll(async () => {
    samba = ensureSamba();
    realm = await provisionTestRealm(aws.url());
    const secret = `/lava/${realm.realm}/fs/password`;
    await realm.clients.ssm.send(
      new PutParameterCommand({ Name: secret, Value: samba.password, Type: 'SecureString' }),
    );
    await new ConnectionsRepository(realm.clients.dynamo, realm.realm).put({
      conn_id: 'fs',
      type: 'smb',
      enabled: true,
      host: samba.host,
      port: samba.port,
      user: samba.user,
      password: secret,
      remote_name: 'lava-test',
    });
    await realm.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(samba.shareDir, remoteDir), { recursive: true, force: true });
  });

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm.realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  it('puts local files (with --mkdir) and gets them back', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello smb');
    const target = `${samba.share}:/${remoteDir}/x/y/a.txt`;
    expect(await lava('smb', '-c', 'fs', 'put', '--mkdir', join(dir, 'a.txt'), target)).toMatchObject({
      code: 0,
      out: `copied ${join(dir, 'a.txt')} to ${target}\n`,
    });
    expect(readFileSync(join(samba.shareDir, remoteDir, 'x', 'y', 'a.txt'), 'utf8')).toBe('hello smb');
    expect((await lava('smb', '-c', 'fs', 'get', target, join(dir, 'b.txt'))).code).toBe(0);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('hello smb');
  });

  it('copies between S3 and the share through a --tmpdir it removes', async () => {
    const s3 = realm.clients.s3;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/s.csv', Body: 'a,b\n1,2\n' }));
    const scratch = join(dir, 'scratch');
    const target = `${samba.share}:/${remoteDir}/s.csv`;
    expect(
      (await lava('smb', '-c', 'fs', '--tmpdir', scratch, 'put', `s3://${bucket}/in/s.csv`, target)).code,
    ).toBe(0);
    expect(readFileSync(join(samba.shareDir, remoteDir, 's.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(existsSync(scratch)).toBe(false);
    expect((await lava('smb', '-c', 'fs', 'get', target, `s3://${bucket}/out/s.csv`)).code).toBe(0);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'out/s.csv' }));
    expect(await got.Body!.transformToString()).toBe('a,b\n1,2\n');
  });

  it('refuses bad paths and reports missing files without the password', async () => {
    const bad = await lava('smb', '-c', 'fs', 'get', 'no-colon', join(dir, 'n'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('must be in the form SHARE:PATH');
    const missing = await lava('smb', '-c', 'fs', 'get', `${samba.share}:/${remoteDir}/none`, join(dir, 'n'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('NT_STATUS_OBJECT_NAME_NOT_FOUND');
    expect(missing.err + missing.out).not.toContain(samba.password);
    const wrongType = await lava('smb', '-c', 'nope', 'get', `${samba.share}:/x`, join(dir, 'n'));
    expect(wrongType.code).not.toBe(0);
  });
});
