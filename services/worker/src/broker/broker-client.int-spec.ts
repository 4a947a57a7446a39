import { JobFailedError } from '@lava/core';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { GrantKeyring, verifyWorkerRequest } from '@lava/grants';
import { createTestTls, findSecret, type TestTls } from '@lava/testing';
import { BrokerClient } from './broker-client';

const SECRET = 'pw-Client!Secret-77';
const ring = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
const key = ring.current;

/** A stand-in broker over real TLS: answers by conn_id, records what it was sent. */
function fakeBroker(tls: TestTls) {
  const seen: Array<{ path: string; auth?: string; signature?: string; body: any }> = [];
  let connections = 0;
  const server = https.createServer(
    { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    (req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        seen.push({
          path: req.url!,
          auth: req.headers.authorization,
          signature: req.headers['x-lava-worker-signature'] as string | undefined,
          body: JSON.parse(text),
        });
        const reply = (status: number, body: string) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        if (req.url!.endsWith('/dw'))
          return reply(
            200,
            JSON.stringify({ conn_id: 'dw', connection: { kind: 'database', db: { password: SECRET } } }),
          );
        if (req.url!.endsWith('/garbled')) return reply(200, `{"connection": "${SECRET}`);
        return reply(
          403,
          JSON.stringify({
            code: 'GRANT_CONNECTION_NOT_NAMED',
            message: 'job etl does not name connection "prod"',
          }),
        );
      });
    },
  );
  server.on('connection', () => connections++);
  return { server, seen, connections: () => connections };
}

describe('BrokerClient (worker side, over TLS with a private CA)', () => {
  const tls = createTestTls();
  const broker = fakeBroker(tls);
  let url: string;
  const caller = { grant: 'lg1.k1.body.sig', jobId: 'etl', runId: 'r-1' };

  beforeAll(async () => {
    await new Promise<void>((resolve) => broker.server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(broker.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    broker.server.closeAllConnections();
    await new Promise((resolve) => broker.server.close(resolve));
  });

  it('asks for one connection under the run grant and reuses its TLS connection', async () => {
    const client = new BrokerClient({ url, ca: tls.ca, realm: 'acme', worker: 'core', key });
    const source = client.forRun(caller);
    const before = broker.connections();
    expect(await source.get('dw')).toEqual({ kind: 'database', db: { password: SECRET } });
    await source.get('dw');
    expect(broker.connections() - before).toBe(1);
    const sent = broker.seen.at(-1)!;
    expect(sent).toEqual({
      path: '/v1/connections/dw',
      auth: 'Bearer lg1.k1.body.sig',
      signature: expect.stringMatching(/^lw1\.w1\.\d+\./),
      body: { realm: 'acme', worker: 'core', job_id: 'etl', run_id: 'r-1' },
    });
    // Signed over exactly what it sent, with the fleet's key.
    const signed = { ...sent.body, conn_id: 'dw', grant: 'lg1.k1.body.sig' };
    expect(() =>
      verifyWorkerRequest(sent.signature, signed, { keys: ring.all, nowSeconds: Date.now() / 1000 }),
    ).not.toThrow();
    client.close();
  });

  it('turns refusals, missing grants, bad answers and unreachable brokers into job failures without secrets', async () => {
    const client = new BrokerClient({ url, ca: tls.ca, realm: 'acme', worker: 'core', key });
    const failures: JobFailedError[] = [];
    const fail = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(JobFailedError);
      failures.push(err as JobFailedError);
      return err as JobFailedError;
    };
    expect(await fail(client.forRun(caller).get('prod'))).toMatchObject({
      code: 'CONNECTION_REFUSED',
      message:
        'secrets broker refused connection prod (HTTP 403, GRANT_CONNECTION_NOT_NAMED): job etl does not name connection "prod"',
    });
    // No grant: still asked (the broker decides; migration mode may allow it), with no Authorization header.
    await client.forRun({ ...caller, grant: undefined }).get('dw');
    expect(broker.seen.at(-1)).toMatchObject({ path: '/v1/connections/dw', auth: undefined });
    expect(await fail(client.forRun(caller).get('garbled'))).toMatchObject({
      code: 'CONNECTION_BROKER_ERROR',
    });
    const untrusted = new BrokerClient({ url, realm: 'acme', worker: 'core', key });
    expect(await fail(untrusted.forRun(caller).get('dw'))).toMatchObject({
      code: 'CONNECTION_BROKER_UNREACHABLE',
    });
    const closed = new BrokerClient({ url: 'http://127.0.0.1:1', realm: 'acme', worker: 'core', key });
    expect(await fail(closed.forRun(caller).get('dw'))).toMatchObject({
      code: 'CONNECTION_BROKER_UNREACHABLE',
      message: 'secrets broker unreachable for connection dw: ECONNREFUSED',
    });
    expect(await findSecret(SECRET, { errors: failures })).toEqual([]);
    for (const c of [client, untrusted, closed]) c.close();
  });
});
