import {
  CreateSecretCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { readOrCreateSecretString, readSecretString } from './first-boot-secret';

const notFound = () => new ResourceNotFoundException({ message: 'no such secret', $metadata: {} });
const exists = () => new ResourceExistsException({ message: 'already there', $metadata: {} });

/** A Secrets Manager double: `get` answers each GetSecretValue in turn, `create` each CreateSecret. */
function secrets(get: Array<() => unknown>, create: Array<() => unknown> = []) {
  const created: string[] = [];
  const send = jest.fn(async (command: unknown) => {
    if (command instanceof CreateSecretCommand) {
      created.push(String(command.input.SecretString));
      return create.shift()!();
    }
    return get.shift()!();
  });
  return { client: { send } as unknown as SecretsManagerClient, created };
}

describe('readSecretString', () => {
  it('is the value, empty for a secret without a string, undefined for a missing one', async () => {
    const { client } = secrets([
      () => ({ SecretString: 'v' }),
      () => ({}),
      () => {
        throw notFound();
      },
    ]);
    expect(await readSecretString(client, 'id')).toBe('v');
    expect(await readSecretString(client, 'id')).toBe('');
    expect(await readSecretString(client, 'id')).toBeUndefined();
  });

  it('rethrows any other error', async () => {
    const { client } = secrets([
      () => {
        throw new Error('throttled');
      },
    ]);
    await expect(readSecretString(client, 'id')).rejects.toThrow('throttled');
  });
});

describe('readOrCreateSecretString', () => {
  it('returns an existing value without creating', async () => {
    const { client, created } = secrets([() => ({ SecretString: 'old' })]);
    const onCreated = jest.fn();
    expect(await readOrCreateSecretString(client, 'id', () => 'new', { what: 'key', onCreated })).toBe('old');
    expect(created).toEqual([]);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('creates a missing secret with the initial value and returns what is stored', async () => {
    const { client, created } = secrets(
      [
        () => {
          throw notFound();
        },
        () => ({ SecretString: 'new' }),
      ],
      [() => ({})],
    );
    const onCreated = jest.fn();
    expect(await readOrCreateSecretString(client, 'id', () => 'new', { what: 'key', onCreated })).toBe('new');
    expect(created).toEqual(['new']);
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('returns the value of a concurrent creator that won the race', async () => {
    const { client } = secrets(
      [
        () => {
          throw notFound();
        },
        () => ({ SecretString: 'theirs' }),
      ],
      [
        () => {
          throw exists();
        },
      ],
    );
    const onCreated = jest.fn();
    expect(await readOrCreateSecretString(client, 'id', () => 'mine', { what: 'key', onCreated })).toBe(
      'theirs',
    );
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('fails when the secret is gone right after creation, naming it', async () => {
    const missing = () => {
      throw notFound();
    };
    const { client } = secrets([missing, missing], [() => ({})]);
    await expect(
      readOrCreateSecretString(client, 'lava/r/_k', () => 'v', { what: 'worker key' }),
    ).rejects.toThrow('worker key lava/r/_k vanished right after creation');
  });
});
