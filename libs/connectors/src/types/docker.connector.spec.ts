import { createDefaultRegistry } from '../registry';
import { InMemorySecrets } from '../testing/in-memory-secrets';

describe('docker connector', () => {
  const registry = createDefaultRegistry();
  const secrets = new InMemorySecrets({ '/lava/demo/registry/pw': 'tok3n' });
  const ecrCalls: Array<string | undefined> = [];
  const ecr = {
    async authorizationToken(account?: string) {
      ecrCalls.push(account);
      return { server: `${account ?? '000000000000'}.dkr.ecr.x`, username: 'AWS', password: 'ecr-token' };
    },
  };
  const spec = (fields: Record<string, unknown>) => ({
    conn_id: 'd',
    type: 'docker',
    enabled: true,
    ...fields,
  });

  it('without a registry: no login, the local engine', async () => {
    const r = await registry.resolve(spec({}), { secrets });
    expect(r).toMatchObject({ kind: 'docker', registry: undefined, engine: { tls: true }, secretValues: [] });
  });

  it('a private registry: user plus the password from SSM (a secret value)', async () => {
    const r = await registry.resolve(
      spec({
        registry: 'http://127.0.0.1:5000/',
        user: 'ci',
        password: '/lava/demo/registry/pw',
        server: 'unix:///d.sock',
        tls: false,
        timeout: 30,
      }),
      { secrets },
    );
    expect(r).toMatchObject({
      kind: 'docker',
      registry: { server: '127.0.0.1:5000', username: 'ci', password: 'tok3n' },
      engine: { server: 'unix:///d.sock', tls: false, timeoutSeconds: 30 },
      secretValues: ['tok3n'],
    });
  });

  it('ecr and ecr:<account>: a token from the ECR provider', async () => {
    const own = await registry.resolve(spec({ registry: 'ecr' }), { secrets, ecr });
    const other = await registry.resolve(spec({ registry: 'ecr:123456789012' }), { secrets, ecr });
    expect(ecrCalls).toEqual([undefined, '123456789012']);
    expect(own).toMatchObject({ registry: { server: '000000000000.dkr.ecr.x', username: 'AWS' } });
    expect(other).toMatchObject({
      registry: { server: '123456789012.dkr.ecr.x' },
      secretValues: ['ecr-token'],
    });
  });

  it('refuses a registry without credentials, unknown fields, and ecr without ECR access', async () => {
    await expect(registry.resolve(spec({ registry: 'reg.example.com' }), { secrets })).rejects.toThrow(
      'user and password must be specified with a registry',
    );
    await expect(registry.resolve(spec({ host: 'x' }), { secrets })).rejects.toMatchObject({
      code: 'CONNECTION_INVALID',
    });
    await expect(registry.resolve(spec({ registry: 'ecr' }), { secrets })).rejects.toMatchObject({
      code: 'SECRET_UNAVAILABLE',
    });
  });
});
