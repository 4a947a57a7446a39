import { SharePointError } from '../errors';
import { graphFetch, type GraphTransportOptions } from './graph-transport';

/** Where and how to reach Microsoft Graph; everything but the credentials has a default. */
export interface GraphClientOptions extends GraphTransportOptions {
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** Default `https://login.microsoftonline.com`. */
  loginUrl?: string;
  /** Default `https://graph.microsoft.com/v1.0`. */
  graphUrl?: string;
  /** HTTP (default the global `fetch`, or undici's through `httpsProxy` / with `ca`). */
  fetch?: typeof fetch;
  /** Waits between throttled attempts (default a timer). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Throttled (429/503...) attempts before giving up (default 10, as the original). */
  maxThrottleRetries?: number;
  /** A Retry-After longer than this fails the call instead of waiting (default 661 s, as the original). */
  maxRetryAfterSeconds?: number;
}

/** Statuses Graph asks clients to retry after a pause (Retry-After when given). */
const RETRY_STATUSES = new Set([429, 502, 503, 504, 509]);
const DEFAULT_RETRY_AFTER_SECONDS = 10;

/** One request to Graph; `url` is a path under the Graph base or an absolute URL Graph gave us. */
export interface GraphRequest {
  method: string;
  url: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Send the bearer token (false for pre-authenticated upload URLs). */
  auth?: boolean;
}

/**
 * Microsoft Graph over HTTPS with the OAuth 2.0 client-credentials grant. The token is cached
 * until a minute before it expires and fetched again once on a 401; throttling (429, 503…) is
 * retried after Retry-After; pages are followed through `@odata.nextLink`. Errors never carry a
 * token, the secret or a response body.
 */
export class GraphClient {
  private token?: { value: string; expiresAt: number };
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  readonly graphUrl: string;
  private readonly loginUrl: string;

  constructor(private readonly options: GraphClientOptions) {
    this.fetch = options.fetch ?? graphFetch(options);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.graphUrl = (options.graphUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
    this.loginUrl = (options.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  }

  /** The response of a successful request (2xx; redirects followed). */
  async send(request: GraphRequest, what: string): Promise<Response> {
    const url = this.absolute(request.url, request.auth !== false, what);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
      if (request.auth !== false) headers.Authorization = `Bearer ${await this.accessToken()}`;
      const res = await this.fetch(url, { method: request.method, headers, body: request.body });
      if (res.ok) return res;
      if (res.status === 401 && request.auth !== false && !refreshed) {
        // An expired or revoked token: fetch a new one once, then give up.
        refreshed = true;
        this.token = undefined;
        await res.body?.cancel();
        continue;
      }
      if (RETRY_STATUSES.has(res.status) && attempt < (this.options.maxThrottleRetries ?? 10)) {
        await this.sleep(this.retryAfterMs(res, what));
        await res.body?.cancel();
        continue;
      }
      throw await graphError(res, what);
    }
  }

  /** The JSON body of a successful request. */
  async json<T = Record<string, unknown>>(request: GraphRequest, what: string): Promise<T> {
    const res = await this.send(request, what);
    return (res.status === 204 ? {} : await res.json()) as T;
  }

  /** Every `value` entry of a collection, following `@odata.nextLink`. */
  async *collection<T = Record<string, unknown>>(url: string, what: string): AsyncGenerator<T> {
    let next: string | undefined = url;
    while (next) {
      const page: { value?: T[]; '@odata.nextLink'?: string } = await this.json(
        { method: 'GET', url: next },
        what,
      );
      yield* page.value ?? [];
      next = page['@odata.nextLink'];
    }
  }

  /**
   * Graph paths are relative to the Graph base; absolute URLs (next links, upload URLs) must stay
   * on the Graph origin or be pre-authenticated, so the bearer token never goes elsewhere.
   */
  private absolute(url: string, auth: boolean, what: string): string {
    if (!/^https?:\/\//i.test(url)) return `${this.graphUrl}${url.startsWith('/') ? '' : '/'}${url}`;
    if (auth && new URL(url).origin !== new URL(this.graphUrl).origin)
      throw new SharePointError(`${what}: refusing to send the Graph token to ${new URL(url).origin}`);
    return url;
  }

  private retryAfterMs(res: Response, what: string): number {
    const header = res.headers.get('retry-after');
    let seconds = DEFAULT_RETRY_AFTER_SECONDS;
    if (header && /^\d+$/.test(header.trim())) seconds = Number(header);
    else if (header && !Number.isNaN(Date.parse(header)))
      seconds = Math.max(0, (Date.parse(header) - this.now()) / 1000);
    const max = this.options.maxRetryAfterSeconds ?? 661;
    if (seconds > max)
      throw new SharePointError(`${what}: Graph throttling asked to wait ${seconds} s (more than ${max} s)`, {
        status: res.status,
      });
    return seconds * 1000;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const { tenant, clientId, clientSecret } = this.options;
    const res = await this.fetch(`${this.loginUrl}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    if (!res.ok) throw await graphError(res, 'token request');
    const body = (await res.json()) as { token_type?: string; access_token?: string; expires_in?: number };
    if (body.token_type?.toLowerCase() !== 'bearer' || !body.access_token)
      throw new SharePointError('token request: the token service returned no bearer token');
    // Renew a minute early: a token must not expire between this check and Graph reading it.
    const lifetime = Math.max(0, Number(body.expires_in ?? 0) - 60);
    this.token = { value: body.access_token, expiresAt: this.now() + lifetime * 1000 };
    return body.access_token;
  }
}

/** Status and Graph's error code (`error.code`, or OAuth's `error`); never the body itself. */
async function graphError(res: Response, what: string): Promise<SharePointError> {
  let code: string | undefined;
  try {
    const body = (await res.json()) as { error?: string | { code?: string } };
    code = typeof body.error === 'string' ? body.error : body.error?.code;
  } catch {
    // not JSON: the status alone
  }
  const safe = code && /^[\w.-]{1,80}$/.test(code) ? code : undefined;
  return new SharePointError(
    `${what}: HTTP ${res.status}${safe ? ` ${safe}` : ''}`,
    {
      status: res.status,
      ...(safe ? { graph_code: safe } : {}),
    },
    RETRY_STATUSES.has(res.status),
  );
}
