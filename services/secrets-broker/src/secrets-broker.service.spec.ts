import { createDefaultRegistry, type ConnectionSpec } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { GrantKeyring, signRunGrant, signWorkerRequest, type RunGrantClaims } from '@lava/grants';
import { Logger } from '@lava/logging';
import type { PublishableEvent } from '@lava/aws';
import { ConnectionResolver } from './connection.resolver';
import { SecretEvents } from './secret-events';
import { SecretsBroker } from './secrets-broker.service';

const NOW = 50_000;
const PASSWORD = 'unit-Secret-Value-9';
const claims: RunGrantClaims = {
  realm: 'acme',
  job_id: 'etl',
  run_id: 'r-1',
  worker: 'core',
  conn_ids: ['dw'],
  iat: NOW,
  exp: NOW + 60,
};
const dw: ConnectionSpec = {
  conn_id: 'dw',
  type: 'postgres',
  enabled: true,
  host: 'db',
  port: 5432,
  user: 'etl',
  database: 'dw',
  password: '/lava/acme/dw',
};

function setup(options: { busFails?: boolean; ledgerFails?: boolean } = {}) {
  const ring = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('k1')));
  const workerRing = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
  const published: Array<{ type: string; detail: Record<string, unknown> }> = [];
  const logs: string[] = [];
  const bus = {
    publish: async (events: PublishableEvent[]) => {
      if (options.busFails) throw new Error('bus down');
      for (const e of events)
        if ('DetailType' in e) published.push({ type: e.DetailType, detail: JSON.parse(e.Detail) });
    },
  };
  const secrets = new InMemorySecrets({ '/lava/acme/dw': PASSWORD });
  const resolver = new ConnectionResolver(
    { get: async (id) => (id === 'dw' ? dw : undefined) },
    createDefaultRegistry(),
    { secrets },
    30,
    () => 0,
  );
  const broker = new SecretsBroker(
    {
      realm: 'acme',
      keys: { keys: async () => ring.all, refresh: async () => ring.all },
      workerKeys: () => ({ keys: async () => workerRing.all, refresh: async () => workerRing.all }),
      runs: {
        status: async () => {
          if (options.ledgerFails) throw new Error(`ledger unavailable ${PASSWORD}`);
          return 'running';
        },
      },
      nowSeconds: () => NOW,
    },
    resolver,
    new SecretEvents(bus, () => new Date('2026-01-01T00:00:00Z')),
    new Logger({}, { sink: (l) => logs.push(l) }),
  );
  const grant = signRunGrant(claims, ring.current);
  // A chain child asks under its parent's run and grant, with its own job id.
  const fields = { realm: 'acme', worker: 'core', job_id: 'child', run_id: 'r-1', conn_id: 'dw', grant };
  const request = {
    grant,
    realm: 'acme',
    worker: 'core',
    connId: 'dw',
    jobId: 'child',
    runId: 'r-1',
    signature: signWorkerRequest(fields, workerRing.current, NOW),
  };
  return { broker, published, logs, secrets, request };
}

describe('SecretsBroker', () => {
  it('releases, audits with the grant identity, and resolves a burst through the cache', async () => {
    const { broker, published, secrets, request } = setup();
    const outcomes = await Promise.all([broker.release(request), broker.release(request)]);
    expect(outcomes.map((o) => o.released && o.connection.kind)).toEqual(['database', 'database']);
    expect(secrets.lookups).toEqual(['ssm:/lava/acme/dw']);
    expect(published).toEqual(
      Array(2).fill({
        type: 'Secret Accessed',
        detail: {
          schema_version: 1,
          realm: 'acme',
          job_id: 'etl',
          run_id: 'r-1',
          worker: 'core',
          conn_id: 'dw',
          connection_type: 'postgres',
          ts_event: expect.any(String),
        },
      }),
    );
  });

  it('names the caller from the request when the grant cannot be trusted', async () => {
    const { broker, published, request } = setup();
    const outcome = await broker.release({ ...request, grant: 'lg1.k1.x.y' });
    expect(outcome).toMatchObject({ released: false, status: 401, code: 'GRANT_BAD_SIGNATURE' });
    expect(published[0]).toMatchObject({
      type: 'Secret Denied',
      detail: { run_id: 'r-1', job_id: 'child', worker: 'core', code: 'GRANT_BAD_SIGNATURE' },
    });
  });

  it('refuses to release when the access cannot be audited', async () => {
    const { broker, request } = setup({ busFails: true });
    expect(await broker.release(request)).toMatchObject({ released: false, status: 503, code: 'INTERNAL' });
  });

  it('keeps unexpected error messages (which may quote anything) out of logs and answers', async () => {
    const { broker, logs, request } = setup({ ledgerFails: true });
    const outcome = await broker.release(request);
    expect(outcome).toMatchObject({ released: false, status: 503 });
    expect(JSON.stringify(outcome) + logs.join('\n')).not.toContain(PASSWORD);
  });
});
