import { createServer, type Server } from 'node:net';
import { ConnectorError } from '../errors';
import { createDefaultRegistry } from '../registry';
import { InMemorySecrets } from '../testing/in-memory-secrets';

// Every driver (including the lazily loaded oracledb thin mode and tedious) must turn a refused
// connection into CONNECTION_UNREACHABLE with the password masked.
const PW = 'Unreachable-Pw-91c';
const registry = createDefaultRegistry();
const secrets = new InMemorySecrets({ '/pw': PW });

let server: Server;
let closedPort: number;
beforeAll(async () => {
  // Reserve a port, then close it: connections to it are refused.
  server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
});

describe.each([
  ['postgres', {}],
  ['mariadb', {}],
  ['oracle', { service_name: 'ORCL' }],
  ['mssql', {}],
])('%s to a closed port', (type, extra) => {
  it('fails with CONNECTION_UNREACHABLE and no password in the message', async () => {
    const spec = {
      conn_id: `u-${type}`,
      type,
      enabled: true,
      host: '127.0.0.1',
      port: closedPort,
      user: 'u',
      password: '/pw',
      database: 'd',
      ...extra,
    };
    const resolved = await registry.resolve(spec, { secrets });
    const err = (await registry
      .connect(resolved, { connectTimeoutMs: 3000 })
      .catch((e: unknown) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.code).toBe('CONNECTION_UNREACHABLE');
    expect(err.message).not.toContain(PW);
    expect(err.context['conn_id']).toBe(`u-${type}`);
  }, 20_000);
});
