import { Agent, fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';
import { SharePointError } from '../errors';

/** How Graph and the token service are reached: directly or through an HTTP CONNECT proxy. */
export interface GraphTransportOptions {
  /** `http://[user:password@]host:port` of an HTTP proxy that tunnels HTTPS with CONNECT. */
  httpsProxy?: string;
  /** Extra CA certificates (PEM) to trust for Graph and the token service, e.g. a private CA. */
  ca?: string | Buffer;
}

/** A proxy URL fit for messages: scheme, host and port, never the credentials. */
export function proxyDisplay(proxy: string): string {
  try {
    return new URL(proxy).origin;
  } catch {
    return 'the configured proxy';
  }
}

/**
 * The `fetch` the Graph client uses: the global one when neither a proxy nor extra CAs are
 * configured, else undici's with a ProxyAgent (CONNECT tunnel; TLS to Graph inside it, so the
 * proxy sees host and port only) or an Agent trusting the extra CAs. Connection failures become
 * SharePointErrors naming the host and the proxy, without the proxy's credentials.
 */
export function graphFetch(o: GraphTransportOptions): typeof fetch {
  const dispatcher = dispatcherFor(o);
  const send: typeof fetch =
    dispatcher === undefined
      ? (input, init) => fetch(input, init)
      : (input, init) =>
          undiciFetch(input as string, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  return async (input, init) => {
    try {
      return await send(input, init);
    } catch (err) {
      throw connectionError(String(input), o.httpsProxy, err);
    }
  };
}

function dispatcherFor(o: GraphTransportOptions): Dispatcher | undefined {
  const tls = o.ca === undefined ? undefined : { ca: o.ca };
  if (o.httpsProxy !== undefined && o.httpsProxy !== '')
    return new ProxyAgent({ uri: o.httpsProxy, ...(tls ? { requestTls: tls, proxyTls: tls } : {}) });
  return tls ? new Agent({ connect: tls }) : undefined;
}

function connectionError(url: string, proxy: string | undefined, err: unknown): SharePointError {
  const cause = (err as { cause?: unknown }).cause ?? err;
  let detail = cause instanceof Error ? cause.message : String(cause);
  const host = safeHost(url);
  if (proxy) {
    // The proxy URL may carry a password; a driver message must not leak it.
    const { username, password } = safeUrl(proxy);
    for (const s of [password, username, decodeURIComponent(password)])
      if (s) detail = detail.split(s).join('****');
    return new SharePointError(`cannot reach ${host} through proxy ${proxyDisplay(proxy)}: ${detail}`, {
      host,
      proxy: proxyDisplay(proxy),
    });
  }
  return new SharePointError(`cannot reach ${host}: ${detail}`, { host });
}

function safeUrl(u: string): { username: string; password: string } {
  try {
    const parsed = new URL(u);
    return { username: parsed.username, password: parsed.password };
  } catch {
    return { username: '', password: '' };
  }
}

function safeHost(u: string): string {
  try {
    return new URL(u).host;
  } catch {
    return 'Graph';
  }
}
