import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SharepointConnector, type ResolvedSharepointConnection } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import type { HandlerResult, JobFailedError } from '@lava/core';
import { createTestTls, GraphStub, type TestTls } from '@lava/testing';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { SharepointGetDocHandler } from './sharepoint-get-doc.handler';

// `proxy` declares its types through an exports map only, which this project's module resolution
// does not read; this is the slice of its API the test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createProxy } = require('proxy') as { createProxy: (server: Server) => Server };

jest.setTimeout(60_000);

/**
 * `https_proxy`: token and Graph requests tunnel through a real HTTP CONNECT proxy (the `proxy`
 * package) to the Graph stub served over TLS by a private CA. The proxy only sees CONNECT
 * host:port; TLS to the stub runs inside the tunnel.
 */
describe('sharepoint through an HTTPS proxy', () => {
  let tls: TestTls;
  let graph: GraphStub;
  let proxy: Server;
  let proxyUrl: string;
  const connects: string[] = [];

  beforeAll(async () => {
    tls = createTestTls();
    graph = await new GraphStub({
      tls: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
    }).start();
    graph.addDrive('Shared Documents');
    graph.drives.get('Shared Documents')!.files.set('/Reports/q1.csv', Buffer.from('a,b\n1,2\n'));
    proxy = createProxy(createServer());
    proxy.on('connect', (req: { url?: string }) => connects.push(req.url ?? ''));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await graph.stop();
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      proxy.closeAllConnections();
    });
  });

  async function connection(httpsProxy?: string): Promise<ResolvedSharepointConnection> {
    return new SharepointConnector().resolve(
      {
        conn_id: 'sp',
        type: 'sharepoint',
        enabled: true,
        org_base_url: graph.host,
        site_name: graph.siteName,
        tenant: graph.tenant,
        client_id: graph.clientId,
        client_secret: '/lava/test/sp/secret',
        login_url: graph.loginUrl,
        graph_url: graph.graphUrl,
        ...(httpsProxy === undefined ? {} : { https_proxy: httpsProxy }),
      },
      { secrets: new InMemorySecrets({ '/lava/test/sp/secret': graph.clientSecret }) },
    );
  }

  async function getDoc(conn: ResolvedSharepointConnection, baseEnv: Record<string, string> = {}) {
    const f = makeContext(
      makeJob({
        type: 'sharepoint_get_doc',
        payload: null,
        parameters: { conn_id: 'sp', library: 'Shared Documents', path: '/Reports/q1.csv', file: 'q1.csv' },
      }),
      { connections: { sp: conn } },
    );
    f.ctx.baseEnv = { ...f.ctx.baseEnv, ...baseEnv };
    const outcome = await new SharepointGetDocHandler({ ca: tls.ca }).run(f.ctx).then(
      (r: HandlerResult) => r,
      (e: JobFailedError) => e,
    );
    return { outcome, runDir: f.ctx.runDir };
  }

  const stubHost = () => new URL(graph.url).host;

  it('the connection https_proxy carries the token and Graph requests; the job succeeds', async () => {
    connects.length = 0;
    const before = graph.requests.length;
    const { outcome, runDir } = await getDoc(await connection(proxyUrl));
    expect(outcome).toMatchObject({ exit_status: 0 });
    expect(readFileSync(join(runDir, 'q1.csv'), 'utf8')).toBe('a,b\n1,2\n');
    const seen = graph.requests.slice(before).map((r) => r.path);
    expect(seen.some((p) => p.startsWith('/login/'))).toBe(true);
    expect(seen.some((p) => p.startsWith('/v1.0/'))).toBe(true);
    // Every connection the client opened went through the proxy, as a tunnel to the stub.
    expect(connects.length).toBeGreaterThan(0);
    expect(new Set(connects)).toEqual(new Set([stubHost()]));
  });

  it('without https_proxy the worker HTTPS_PROXY is used, as in the original', async () => {
    connects.length = 0;
    const { outcome } = await getDoc(await connection(), { HTTPS_PROXY: proxyUrl });
    expect(outcome).toMatchObject({ exit_status: 0 });
    expect(connects).toContain(stubHost());
  });

  it('no proxy configured: straight to the stub over TLS, the proxy sees nothing', async () => {
    connects.length = 0;
    const { outcome } = await getDoc(await connection());
    expect(outcome).toMatchObject({ exit_status: 0 });
    expect(connects).toEqual([]);
  });

  it('a proxy that does not answer fails with a connection error naming it, never its password or the secret', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const password = 'Proxy-Pw-9f3e';
    const { outcome } = await getDoc(await connection(`http://lava:${password}@127.0.0.1:${port}`));
    const err = outcome as JobFailedError;
    expect(err.code).toBe('SHAREPOINT_FAILED');
    expect(err.message).toMatch(
      new RegExp(`^cannot reach ${stubHost()} through proxy http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    const everything = JSON.stringify({ message: err.message, data: err.data });
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(graph.clientSecret);
  });

  it('an https_proxy that is not a URL is refused when the connection resolves, without echoing it', async () => {
    await expect(connection('proxy.internal:3128 Pw-In-Text')).rejects.toMatchObject({
      message: 'https_proxy must be an http(s) URL (http://host:port)',
    });
  });
});
