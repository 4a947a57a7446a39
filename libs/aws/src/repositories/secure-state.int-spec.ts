import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { KmsStateCipher } from '../adapters/kms-state-cipher';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { StateCipherError } from '../errors';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { StateRepository } from './state.repository';

const aws = useAwsEndpoint();
jest.setTimeout(30_000);

/** `secure` state items against the local endpoint's KMS and DynamoDB with the real SDK. */
describe('secure state items (KMS)', () => {
  let clients: AwsClients;
  const realm = `k${randomBytes(4).toString('hex')}`;
  const table = `lava.${realm}.state`;
  const repo = () => new StateRepository(clients.dynamo, realm, { cipher: new KmsStateCipher(clients.kms) });
  const stored = async (id: string) =>
    (await clients.dynamo.send(new GetCommand({ TableName: table, Key: { state_id: id } }))).Item!;

  async function alias(name: string): Promise<string> {
    const { KeyMetadata } = await clients.kms.send(new CreateKeyCommand({}));
    await clients.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: KeyMetadata!.KeyId }));
    return KeyMetadata!.Arn!;
  }

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
    await alias(`alias/lava-${realm}-sys`);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm, { deleteBucket: true });
    clients.destroy();
  });

  it("stores the original's format: Binary KMS blob of the JSON text under the realm sys key", async () => {
    const value = { user: 'etl', password: 'p@ss-123' };
    const put = await repo().putState({ state_id: 'creds', value, type: 'secure', publisher: 'test' });
    expect(put.value).toEqual(value);
    const item = await stored('creds');
    expect(item.type).toBe('secure');
    expect(item.value).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(item.value as Uint8Array).includes(Buffer.from('p@ss'))).toBe(false);
    // What the original's reader does: kms.decrypt(CiphertextBlob=value) with no context, json.loads.
    const plain = await clients.kms.send(new DecryptCommand({ CiphertextBlob: item.value as Uint8Array }));
    expect(JSON.parse(Buffer.from(plain.Plaintext!).toString('utf8'))).toEqual(value);
    expect(plain.KeyId).toMatch(/:key\//);
    expect(await repo().getState('creds')).toMatchObject({ type: 'secure', value, publisher: 'test' });
  });

  it('reads an item the original wrote (Python json.dumps text, encrypted with the sys key)', async () => {
    const { CiphertextBlob } = await clients.kms.send(
      new EncryptCommand({
        KeyId: `alias/lava-${realm}-sys`,
        Plaintext: Buffer.from('{"rows": 12, "ok": true, "tables": ["a", "b"]}'),
      }),
    );
    await clients.dynamo.send(
      new PutCommand({
        TableName: table,
        Item: {
          state_id: 'from-python',
          type: 'secure',
          value: CiphertextBlob,
          timestamp: '2026-12-07T10:00:00+10:00',
          ttl: Math.floor(Date.now() / 1000) + 3600,
        },
      }),
    );
    expect((await repo().getState('from-python'))?.value).toEqual({ rows: 12, ok: true, tables: ['a', 'b'] });
  });

  it('uses kms_key when given', async () => {
    const arn = await alias(`alias/${realm}-other`);
    await repo().putState({ state_id: 'other', value: 'v', type: 'secure', kmsKey: `alias/${realm}-other` });
    const plain = await clients.kms.send(
      new DecryptCommand({ CiphertextBlob: (await stored('other')).value }),
    );
    expect(plain.KeyId).toBe(arn);
    expect((await repo().getState('other'))?.value).toBe('v');
  });

  it('fails with a typed error naming no value: tampered blob, unknown key, no KMS', async () => {
    await repo().putState({ state_id: 'tamper', value: 'top-secret', type: 'secure' });
    const blob = Buffer.from((await stored('tamper')).value as Uint8Array);
    blob.writeUInt8(blob.readUInt8(blob.length - 1) ^ 1, blob.length - 1);
    await clients.dynamo.send(
      new PutCommand({ TableName: table, Item: { ...(await stored('tamper')), value: blob } }),
    );
    const read = await repo()
      .getState('tamper')
      .catch((e: unknown) => e);
    expect(read).toBeInstanceOf(StateCipherError);
    expect(read).toMatchObject({
      code: 'STATE_CIPHER_FAILED',
      message: expect.stringContaining('InvalidCiphertextException'),
    });
    expect(String((read as Error).message)).not.toContain('top-secret');
    await expect(
      repo().putState({ state_id: 'x', value: 'top-secret', type: 'secure', kmsKey: 'alias/none' }),
    ).rejects.toMatchObject({
      code: 'STATE_CIPHER_FAILED',
      message: expect.stringContaining('NotFoundException'),
    });
    await expect(
      new StateRepository(clients.dynamo, realm).putState({ state_id: 'x', value: 1, type: 'secure' }),
    ).rejects.toBeInstanceOf(StateCipherError);
    await clients.dynamo.send(
      new PutCommand({
        TableName: table,
        Item: { ...(await stored('tamper')), state_id: 'str', value: 'text' },
      }),
    );
    await expect(repo().getState('str')).rejects.toThrow('Expected DynamoDB Binary type');
  });
});
