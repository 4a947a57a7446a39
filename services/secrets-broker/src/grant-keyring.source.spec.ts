import { ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GrantKeyring } from '@lava/grants';
import { Logger } from '@lava/logging';
import { SecretsManagerGrantKeys } from './grant-keyring.source';
import { grantKeyringSecretId } from '@lava/core';

/** A Secrets Manager double returning whatever `value` holds at call time. */
function fakeSecrets() {
  const state = { value: undefined as string | undefined, calls: 0 };
  const client = {
    send: async () => {
      state.calls++;
      if (state.value === undefined)
        throw new ResourceNotFoundException({ message: 'missing', $metadata: {} });
      return { SecretString: state.value };
    },
  } as unknown as SecretsManagerClient;
  return { state, client };
}

describe('SecretsManagerGrantKeys', () => {
  const logger = new Logger({}, { sink: () => undefined });

  it('starts empty when the dispatcher has not created the keyring yet, then picks it up', async () => {
    const { state, client } = fakeSecrets();
    let now = 0;
    const keys = new SecretsManagerGrantKeys(client, grantKeyringSecretId('acme'), logger, {
      reloadSeconds: 60,
      minRefreshMs: 0,
      now: () => now,
    });
    expect((await keys.keys()).size).toBe(0);
    state.value = JSON.stringify(GrantKeyring.generate('k1'));
    now = 5;
    expect([...(await keys.refresh()).keys()]).toEqual(['k1']);
  });

  it('caches between reloads and re-reads after reloadSeconds', async () => {
    const { state, client } = fakeSecrets();
    state.value = JSON.stringify(GrantKeyring.generate('k1'));
    let now = 0;
    const keys = new SecretsManagerGrantKeys(client, grantKeyringSecretId('acme'), logger, {
      reloadSeconds: 60,
      now: () => now,
    });
    await keys.keys();
    now = 59_999;
    await keys.keys();
    expect(state.calls).toBe(1);
    now = 60_000;
    await keys.keys();
    expect(state.calls).toBe(2);
  });

  it('turns a burst of refreshes into one read, and keeps the last keys when a read fails', async () => {
    const { state, client } = fakeSecrets();
    const doc = GrantKeyring.generate('k1');
    state.value = JSON.stringify(doc);
    let now = 0;
    const keys = new SecretsManagerGrantKeys(client, grantKeyringSecretId('acme'), logger, {
      reloadSeconds: 60,
      minRefreshMs: 0,
      now: () => now,
    });
    await keys.keys();
    now = 10;
    state.value = JSON.stringify(GrantKeyring.rotate(doc, 'k2'));
    const all = await Promise.all([keys.refresh(), keys.refresh(), keys.refresh()]);
    expect(all.map((m) => [...m.keys()].sort())).toEqual(Array(3).fill(['k1', 'k2']));
    expect(state.calls).toBe(2);
    state.value = 'not json';
    now = 20;
    expect([...(await keys.refresh()).keys()].sort()).toEqual(['k1', 'k2']);
  });
});
