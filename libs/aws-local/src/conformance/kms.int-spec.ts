import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  ListAliasesCommand,
  NotFoundException,
} from '@aws-sdk/client-kms';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { startAwsLocal } from '..';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

jest.setTimeout(30_000);
describe('KMS (symmetric keys, aliases, authenticated ciphertext)', () => {
  const aws = useAwsEndpoint();
  const kms = () => new KMSClient(awsClientConfig(aws.url()));
  const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');

  async function keyWithAlias(): Promise<{ keyId: string; arn: string; alias: string }> {
    const { KeyMetadata } = await kms().send(new CreateKeyCommand({ Description: 'test key' }));
    const alias = `alias/${uniqueName('lava-test')}`;
    await kms().send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId }));
    return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, alias };
  }

  it('creates a key, resolves every KeyId form and lists the alias', async () => {
    const { keyId, arn, alias } = await keyWithAlias();
    expect(arn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:\\d{12}:key/${keyId}$`));
    const aliasArn = arn.replace(/key\/.*$/, alias);
    for (const ref of [keyId, arn, alias, aliasArn]) {
      const { KeyMetadata } = await kms().send(new DescribeKeyCommand({ KeyId: ref }));
      expect(KeyMetadata).toMatchObject({
        KeyId: keyId,
        Enabled: true,
        KeyState: 'Enabled',
        KeyManager: 'CUSTOMER',
      });
    }
    const { Aliases } = await kms().send(new ListAliasesCommand({ KeyId: keyId }));
    expect(Aliases).toEqual([
      expect.objectContaining({ AliasName: alias, AliasArn: aliasArn, TargetKeyId: keyId }),
    ]);
    await expect(
      kms().send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId })),
    ).rejects.toBeInstanceOf(AlreadyExistsException);
    await expect(kms().send(new DescribeKeyCommand({ KeyId: 'alias/never-made' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });

  it('round-trips through an alias; the blob is opaque and names its key', async () => {
    const { arn, alias } = await keyWithAlias();
    const plaintext = Buffer.from('{"password": "s3cret-value"}');
    const out = await kms().send(new EncryptCommand({ KeyId: alias, Plaintext: plaintext }));
    expect(out.KeyId).toBe(arn);
    const blob = Buffer.from(out.CiphertextBlob!);
    expect(blob.includes(Buffer.from('s3cret'))).toBe(false);
    const back = await kms().send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(text(back.Plaintext)).toBe(plaintext.toString());
    expect(back.KeyId).toBe(arn);
  });

  it('rejects tampered blobs, a wrong encryption context and a wrong KeyId', async () => {
    const { alias } = await keyWithAlias();
    const other = await keyWithAlias();
    const ctx = { purpose: 'test' };
    const { CiphertextBlob } = await kms().send(
      new EncryptCommand({ KeyId: alias, Plaintext: Buffer.from('x'), EncryptionContext: ctx }),
    );
    const blob = Buffer.from(CiphertextBlob!);
    const tampered = Buffer.from(blob);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    const decrypt = (b: Buffer, extra: object = { EncryptionContext: ctx }) =>
      kms().send(new DecryptCommand({ CiphertextBlob: b, ...extra }));
    await expect(decrypt(tampered)).rejects.toBeInstanceOf(InvalidCiphertextException);
    await expect(decrypt(blob, {})).rejects.toBeInstanceOf(InvalidCiphertextException);
    await expect(decrypt(blob, { EncryptionContext: { purpose: 'other' } })).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
    await expect(decrypt(Buffer.from('not a kms blob at all'))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
    await expect(decrypt(blob, { EncryptionContext: ctx, KeyId: other.alias })).rejects.toBeInstanceOf(
      IncorrectKeyException,
    );
    expect(text((await decrypt(blob, { EncryptionContext: ctx, KeyId: alias })).Plaintext)).toBe('x');
  });

  it('generates data keys whose blob decrypts to the plaintext key; a disabled key refuses', async () => {
    const { keyId } = await keyWithAlias();
    const key = await kms().send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    expect(key.Plaintext).toHaveLength(32);
    const back = await kms().send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob }));
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(key.Plaintext!))).toBe(true);
    await kms().send(new DisableKeyCommand({ KeyId: keyId }));
    expect(
      (await errorOf(() => kms().send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob })))).name,
    ).toBe('DisabledException');
  });

  it('SSM encrypts SecureStrings under their KeyId and decrypts only WithDecryption', async () => {
    const { alias } = await keyWithAlias();
    const ssm = new SSMClient(awsClientConfig(aws.url()));
    const name = `/${uniqueName('kms')}/password`;
    await ssm.send(
      new PutParameterCommand({ Name: name, Value: 'hunter2', Type: 'SecureString', KeyId: alias }),
    );
    const plain = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    expect(plain.Parameter?.Value).toBe('hunter2');
    const sealed = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!.Value!;
    expect(sealed).not.toContain('hunter2');
    // The value without decryption is a KMS blob bound to the parameter ARN, as in AWS.
    const arn = plain.Parameter!.ARN!;
    const opened = await kms().send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(sealed, 'base64'),
        EncryptionContext: { PARAMETER_ARN: arn },
      }),
    );
    expect(text(opened.Plaintext)).toBe('hunter2');
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true }));
    expect(history.Parameters?.[0]?.Value).toBe('hunter2');
    const described = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }),
    );
    expect(described.Parameters?.[0]?.KeyId).toBe(alias);
    expect(
      (
        await errorOf(() =>
          ssm.send(
            new PutParameterCommand({
              Name: `${name}2`,
              Value: 'v',
              Type: 'SecureString',
              KeyId: 'alias/none',
            }),
          ),
        )
      ).name,
    ).toBe('InvalidKeyId');
  });

  it('keeps key material in the data dir: ciphertext and SecureStrings survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lava-kms-'));
    try {
      let handle = await startAwsLocal({ port: 0, dataDir: dir });
      const local = () => new KMSClient(awsClientConfig(handle.url));
      const { KeyMetadata } = await local().send(new CreateKeyCommand({}));
      const { CiphertextBlob } = await local().send(
        new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('kept') }),
      );
      await new SSMClient(awsClientConfig(handle.url)).send(
        new PutParameterCommand({ Name: '/kms/default', Value: 'kept-too', Type: 'SecureString' }),
      );
      await handle.stop();
      expect(readFileSync(join(dir, 'state', 'ssm.json'), 'utf8')).not.toContain('kept-too');
      handle = await startAwsLocal({ port: 0, dataDir: dir });
      try {
        expect(text((await local().send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('kept');
        const { Parameter } = await new SSMClient(awsClientConfig(handle.url)).send(
          new GetParameterCommand({ Name: '/kms/default', WithDecryption: true }),
        );
        expect(Parameter?.Value).toBe('kept-too');
      } finally {
        await handle.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
