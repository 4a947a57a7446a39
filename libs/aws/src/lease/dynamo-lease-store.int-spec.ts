import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { DynamoLeaseStore } from './dynamo-lease-store';

const aws = useAwsEndpoint();

describe('DynamoLeaseStore against the local endpoint', () => {
  let clients: AwsClients;
  let store: DynamoLeaseStore;
  const realm = `l${randomBytes(4).toString('hex')}`;
  const t = (s: number) => new Date(Date.parse('2024-01-01T00:00:00Z') + s * 1000);

  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
    store = new DynamoLeaseStore(clients.dynamo, realm);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm, { deleteBucket: true });
    clients.destroy();
  });

  it('grants a free lease, refuses a held one, and hands an expired one over with a new token', async () => {
    const a = await store.tryAcquire('main', 'a', t(0), 10_000);
    expect(a).toEqual({ ok: true, token: 1, expiresAt: t(10) });
    expect(await store.tryAcquire('main', 'b', t(5), 10_000)).toEqual({
      ok: false,
      holder: 'a',
      expiresAt: t(10),
    });
    expect((await store.renew('main', 'a', 1, t(6), 10_000)).expiresAt).toEqual(t(16));
    const b = await store.tryAcquire('main', 'b', t(16), 10_000);
    expect(b).toMatchObject({ ok: true, token: 2 });
    // The old holder can neither renew nor write progress through the new lease (fencing).
    expect(await store.renew('main', 'a', 1, t(17), 10_000)).toEqual({ ok: false });
    expect(await store.recordProgress('main', 'a', 1, t(17))).toBe(false);
    expect(await store.recordProgress('main', 'b', 2, t(17))).toBe(true);
    expect(await store.readProgress('main')).toEqual(t(17));
  });

  it('release frees the lease at once and keeps the token counter and the watermark', async () => {
    await store.tryAcquire('nz', 'a', t(0), 10_000);
    await store.recordProgress('nz', 'a', 1, t(1));
    await store.release('nz', 'b', 1); // not the holder: no effect
    expect((await store.tryAcquire('nz', 'b', t(2), 10_000)).ok).toBe(false);
    await store.release('nz', 'a', 1);
    expect(await store.tryAcquire('nz', 'b', t(2), 10_000)).toMatchObject({ ok: true, token: 2 });
    expect(await store.readProgress('nz')).toEqual(t(1));
    expect(await store.readProgress('unknown')).toBeUndefined();
  });
});
