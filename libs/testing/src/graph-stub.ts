import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

/**
 * A local stand-in for Microsoft Graph and its token service, for SharePoint tests (Graph cannot
 * run here). It checks requests the way Graph does: client credentials at the token endpoint,
 * a valid unexpired bearer token on every Graph call (none on upload URLs), JSON content types,
 * percent-encoded drive paths, the 4 MB simple-upload limit and upload-session fragment rules; it
 * pages collections through `@odata.nextLink` and can throttle with 429 and Retry-After.
 */
export interface GraphStubOptions {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  /** Token lifetime in seconds (default 3600). */
  tokenSeconds?: number;
  /** Entries per collection page (default 2, so paging is always exercised). */
  pageSize?: number;
  host?: string;
  siteName?: string;
  /** Serve HTTPS with this certificate (as Graph does); default plain HTTP. */
  tls?: { cert: Buffer | string; key: Buffer | string };
}

export interface StubList {
  id: string;
  displayName: string;
  columns: {
    name: string;
    readOnly?: boolean;
    hidden?: boolean;
    required?: boolean;
    personOrGroup?: object;
  }[];
  items: Map<string, Record<string, unknown>>;
  nextId: number;
}

/** One request as the stub saw it (for assertions on order, timing and headers). */
export interface StubRequest {
  method: string;
  path: string;
  at: number;
  status: number;
  authorization?: string;
}

const SIMPLE_LIMIT = 4 * 1024 * 1024;
const FRAGMENT_UNIT = 327_680;

export class GraphStub {
  readonly tenant: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly siteId = `site-${randomUUID()}`;
  readonly requests: StubRequest[] = [];
  /** Library name → (path → content). */
  readonly drives = new Map<string, { id: string; files: Map<string, Buffer> }>();
  readonly lists = new Map<string, StubList>();
  tokenSeconds: number;
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<
    string,
    { drive: string; path: string; size: number; parts: Buffer[]; next: number }
  >();
  private throttles: { count: number; retryAfter: string }[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly options: GraphStubOptions = {}) {
    this.tenant = options.tenant ?? 'tenant-1';
    this.clientId = options.clientId ?? 'client-1';
    this.clientSecret = options.clientSecret ?? `secret-${randomBytes(6).toString('hex')}`;
    this.tokenSeconds = options.tokenSeconds ?? 3600;
  }

  get host(): string {
    return this.options.host ?? 'acme.sharepoint.com';
  }
  get siteName(): string {
    return this.options.siteName ?? 'Data Team';
  }
  /** Values for the `login_url` and `graph_url` connection fields. */
  get loginUrl(): string {
    return `${this.url}/login`;
  }
  get graphUrl(): string {
    return `${this.url}/v1.0`;
  }

  addDrive(name: string): void {
    this.drives.set(name, { id: `drive-${randomUUID()}`, files: new Map() });
  }

  addList(displayName: string, columns: StubList['columns']): StubList {
    const list: StubList = { id: `list-${randomUUID()}`, displayName, columns, items: new Map(), nextId: 1 };
    this.lists.set(list.id, list);
    return list;
  }

  /** The next `count` Graph calls answer 429 with this Retry-After. */
  throttleNext(count: number, retryAfter: string): void {
    this.throttles.push({ count, retryAfter });
  }

  /** Every bearer token issued so far stops being valid (as after expiry). */
  expireTokens(): void {
    for (const key of this.tokens.keys()) this.tokens.set(key, 0);
  }

  /** After `calls` more authorized Graph calls, every token issued so far expires (mid-run expiry). */
  expireTokensAfter(calls: number): void {
    this.expireIn = calls;
  }
  private expireIn = -1;

  async start(): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res).catch((err: unknown) =>
        send(res, 500, { error: { code: 'stubError', message: String(err) } }),
      );
    };
    const tls = this.options.tls;
    this.server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    const scheme = tls ? 'https' : 'http';
    this.url = `${scheme}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const rawPath = req.url ?? '/';
    const record: StubRequest = {
      method: req.method ?? '',
      path: rawPath,
      at: Date.now(),
      status: 0,
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    if (rawPath.startsWith('/login/')) return this.token(rawPath, req, body, res);
    if (rawPath.startsWith('/upload/')) return this.uploadPart(rawPath, req, body, res);
    if (rawPath.startsWith('/download/')) return this.download(rawPath, res);
    if (!rawPath.startsWith('/v1.0/')) return send(res, 404, { error: { code: 'itemNotFound' } });
    const throttle = this.throttles[0];
    if (throttle) {
      if (--throttle.count <= 0) this.throttles.shift();
      res.setHeader('Retry-After', throttle.retryAfter);
      return send(res, 429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } });
    }
    if (this.expireIn === 0) this.expireTokens();
    if (this.expireIn >= 0) this.expireIn--;
    if (!this.authorized(req))
      return send(res, 401, {
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Access token has expired or is not yet valid.',
        },
      });
    if (
      body.length &&
      req.method !== 'PUT' &&
      !String(req.headers['content-type']).startsWith('application/json')
    )
      return send(res, 415, {
        error: { code: 'invalidRequest', message: 'Content-Type must be application/json' },
      });
    if (/[ #"<>]/.test(rawPath))
      return send(res, 400, { error: { code: 'invalidRequest', message: 'Malformed URL' } });
    return this.graph(req.method ?? 'GET', rawPath.slice('/v1.0'.length), body, res);
  }

  private token(path: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    if (path !== `/login/${encodeURIComponent(this.tenant)}/oauth2/v2.0/token` || req.method !== 'POST')
      return send(res, 400, { error: 'invalid_request' });
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return send(res, 400, { error: 'invalid_request' });
    const form = new URLSearchParams(body.toString('utf8'));
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('scope') !== 'https://graph.microsoft.com/.default'
    )
      return send(res, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return send(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + this.tokenSeconds * 1000);
    send(res, 200, { token_type: 'Bearer', expires_in: this.tokenSeconds, access_token: token });
  }

  private authorized(req: IncomingMessage): boolean {
    const match = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const expires = match ? this.tokens.get(match[1]!) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  private graph(method: string, path: string, body: Buffer, res: ServerResponse): void {
    const [pathname = '', query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    const site = `/sites/${this.siteId}`;
    if (method === 'GET' && pathname === `/sites/${this.host}:/sites/${encodeURIComponent(this.siteName)}`)
      return send(res, 200, { id: this.siteId, name: this.siteName });
    if (method === 'GET' && pathname === `${site}/drives`)
      return this.page(
        res,
        pathname,
        params,
        [...this.drives].map(([name, d]) => ({ id: d.id, name, driveType: 'documentLibrary' })),
      );
    if (method === 'GET' && pathname === `${site}/lists`)
      return this.page(
        res,
        pathname,
        params,
        [...this.lists.values()].map((l) => ({
          id: l.id,
          displayName: l.displayName,
          name: l.displayName.replace(/\s/g, ''),
        })),
      );
    const drive = /^\/drives\/([^/]+)\/(root(?::(.*?):)?|items\/([^/]+))(\/.*)?$/.exec(pathname);
    if (drive) return this.driveCall(method, drive, params, body, res);
    const list = new RegExp(`^${site}/lists/([^/]+)/(columns|items)(?:/([^/]+))?(/fields)?$`).exec(pathname);
    if (list) return this.listCall(method, list, params, body, res);
    send(res, 400, {
      error: { code: 'invalidRequest', message: `stub: no route for ${method} ${pathname}` },
    });
  }

  private driveCall(
    method: string,
    m: RegExpExecArray,
    params: URLSearchParams,
    body: Buffer,
    res: ServerResponse,
  ): void {
    const entry = [...this.drives.values()].find((d) => d.id === m[1]);
    if (!entry) return send(res, 404, { error: { code: 'itemNotFound' } });
    const path = m[3] === undefined ? '' : decodePath(m[3]);
    const action = m[5] ?? '';
    if (m[4] !== undefined) {
      if (method === 'PATCH' && action === '/listItem/fields')
        return send(res, 200, JSON.parse(body.toString() || '{}'));
      return send(res, 404, { error: { code: 'itemNotFound' } });
    }
    if (method === 'GET' && action === '/content') {
      if (!entry.files.has(path)) return send(res, 404, { error: { code: 'itemNotFound' } });
      res
        .writeHead(302, { Location: `${this.url}/download/${entry.id}${encodePath(path)}?tempauth=x` })
        .end();
      return;
    }
    if (method === 'GET' && action === '/children') return this.children(res, entry, path, params);
    if (method === 'PUT' && action === '/content') {
      if (body.length > SIMPLE_LIMIT)
        return send(res, 413, { error: { code: 'requestEntityTooLarge', message: 'use an upload session' } });
      entry.files.set(path, body);
      return send(res, 201, item(path, body.length));
    }
    if (method === 'POST' && action === '/createUploadSession') {
      const id = randomUUID();
      this.sessions.set(id, { drive: entry.id, path, size: -1, parts: [], next: 0 });
      return send(res, 200, {
        uploadUrl: `${this.url}/upload/${id}`,
        expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      });
    }
    send(res, 400, { error: { code: 'invalidRequest' } });
  }

  private children(
    res: ServerResponse,
    entry: { id: string; files: Map<string, Buffer> },
    folder: string,
    params: URLSearchParams,
  ): void {
    const prefix = folder === '' ? '/' : `${folder}/`;
    const names = new Map<string, Record<string, unknown>>();
    for (const [path, content] of entry.files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) names.set(rest, { ...item(path, content.length), name: rest, file: {} });
      else
        names.set(rest.slice(0, slash), {
          id: `folder-${rest.slice(0, slash)}`,
          name: rest.slice(0, slash),
          size: 0,
          folder: { childCount: 1 },
        });
    }
    if (names.size === 0 && folder !== '') return send(res, 404, { error: { code: 'itemNotFound' } });
    this.page(res, `/drives/${entry.id}/root:${encodePath(folder)}:/children`, params, [...names.values()]);
  }

  private uploadPart(path: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const session = this.sessions.get(path.slice('/upload/'.length));
    if (!session) return send(res, 404, { error: { code: 'itemNotFound' } });
    if (req.headers.authorization)
      return send(res, 401, {
        error: { code: 'unauthenticated', message: 'upload URLs take no Authorization header' },
      });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
    if (
      !range ||
      Number(range[1]) !== session.next ||
      Number(range[2]) - Number(range[1]) + 1 !== body.length
    )
      return send(res, 416, { error: { code: 'invalidRange' } });
    const total = Number(range[3]);
    const last = Number(range[2]) + 1 === total;
    if (!last && body.length % FRAGMENT_UNIT !== 0)
      return send(res, 400, {
        error: { code: 'invalidRequest', message: 'fragments must be multiples of 320 KiB' },
      });
    session.parts.push(body);
    session.next = Number(range[2]) + 1;
    if (!last) return send(res, 202, { nextExpectedRanges: [`${session.next}-`] });
    const content = Buffer.concat(session.parts);
    [...this.drives.values()].find((d) => d.id === session.drive)!.files.set(session.path, content);
    send(res, 201, item(session.path, content.length));
  }

  private download(path: string, res: ServerResponse): void {
    const [, , driveId = '', ...rest] = path.split('?')[0]!.split('/');
    const entry = [...this.drives.values()].find((d) => d.id === driveId);
    const content = entry?.files.get(decodePath(`/${rest.join('/')}`));
    if (!content) return send(res, 404, { error: { code: 'itemNotFound' } });
    res
      .writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': content.length })
      .end(content);
  }

  private listCall(
    method: string,
    m: RegExpExecArray,
    params: URLSearchParams,
    body: Buffer,
    res: ServerResponse,
  ): void {
    const list = this.lists.get(m[1]!);
    if (!list) return send(res, 404, { error: { code: 'itemNotFound' } });
    const [, , kind, id, fields] = m;
    if (kind === 'columns' && method === 'GET') return this.page(res, m[0], params, list.columns);
    if (kind !== 'items') return send(res, 400, { error: { code: 'invalidRequest' } });
    if (method === 'GET' && !id)
      return this.page(
        res,
        m[0],
        params,
        [...list.items].map(([itemId, f]) => ({
          id: itemId,
          fields: params.get('expand') === 'fields' ? { ...f, id: itemId } : undefined,
        })),
      );
    if (method === 'POST' && !id) {
      const input = JSON.parse(body.toString()) as { fields?: Record<string, unknown> };
      const bad = this.badFields(list, input.fields ?? {});
      if (bad)
        return send(res, 400, {
          error: { code: 'invalidRequest', message: `Field '${bad}' is not recognized` },
        });
      const itemId = String(list.nextId++);
      list.items.set(itemId, { ...input.fields, ID: itemId });
      return send(res, 201, { id: itemId, fields: list.items.get(itemId) });
    }
    const existing = id ? list.items.get(decodeURIComponent(id)) : undefined;
    if (!existing) return send(res, 404, { error: { code: 'itemNotFound' } });
    if (method === 'PATCH' && fields) {
      const patch = JSON.parse(body.toString()) as Record<string, unknown>;
      const bad = this.badFields(list, patch);
      if (bad)
        return send(res, 400, {
          error: { code: 'invalidRequest', message: `Field '${bad}' is not recognized` },
        });
      Object.assign(existing, patch);
      return send(res, 200, existing);
    }
    if (method === 'DELETE' && !fields) {
      list.items.delete(decodeURIComponent(id!));
      res.writeHead(204).end();
      return;
    }
    send(res, 400, { error: { code: 'invalidRequest' } });
  }

  /** Graph refuses unknown and read-only fields. */
  private badFields(list: StubList, fields: Record<string, unknown>): string | undefined {
    const writable = new Set(
      list.columns
        .filter((c) => !c.readOnly)
        .flatMap((c) => (c.personOrGroup ? [c.name, `${c.name}LookupId`] : [c.name])),
    );
    return Object.keys(fields).find((f) => !writable.has(f));
  }

  private page(res: ServerResponse, path: string, params: URLSearchParams, all: unknown[]): void {
    const size = this.options.pageSize ?? 2;
    const start = Number(params.get('$skiptoken') ?? 0);
    const out: Record<string, unknown> = { value: all.slice(start, start + size) };
    if (start + size < all.length) {
      const next = new URLSearchParams(params);
      next.set('$skiptoken', String(start + size));
      out['@odata.nextLink'] = `${this.url}/v1.0${path}?${next.toString()}`;
    }
    send(res, 200, out);
  }
}

function item(path: string, size: number): Record<string, unknown> {
  return {
    id: `item-${Buffer.from(path).toString('hex').slice(0, 32)}`,
    name: path.split('/').pop(),
    size,
    file: {},
  };
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
