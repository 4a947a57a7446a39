import { JobFailedError, type ConnectionSource } from '@lava/core';
import http from 'node:http';
import https from 'node:https';
import { signWorkerRequest, type GrantKey } from '@lava/grants';

/** Where the worker's secrets broker is and how to trust it. */
export interface BrokerClientOptions {
  /** Base URL, e.g. `https://secrets-broker.lava.internal:8443` (http only for local use). */
  url: string;
  /** PEM CA bundle that signed the broker's certificate (private CA); undefined = system CAs. */
  ca?: Buffer;
  realm: string;
  worker: string;
  /** This worker fleet's request-signing key (see loadWorkerKey). */
  key: GrantKey;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** The current span's W3C traceparent, sent so the broker's span joins the run's trace. */
  traceparent?: () => string | undefined;
}

/** Who is asking, for the broker's audit events. The grant is what actually authorises. */
export interface BrokerCaller {
  grant: string | undefined;
  jobId: string;
  runId: string;
}

/**
 * HTTP(S) client of the secrets broker, one per worker process: a keep-alive agent (so a burst
 * of runs reuses TLS sessions) and, when deployed, the private CA the broker's certificate
 * chains to. `forRun` gives each run a ConnectionSource bound to its grant.
 */
export class BrokerClient {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(private readonly options: BrokerClientOptions) {
    this.base = new URL(options.url);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 32, ca: options.ca })
        : new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  forRun(caller: BrokerCaller): ConnectionSource {
    return new BrokerConnectionSource(this, caller);
  }

  /** POST /v1/connections/:conn_id. Resolves with the connection or throws a JobFailedError without secrets. */
  async fetchConnection(connId: string, caller: BrokerCaller): Promise<Record<string, unknown>> {
    // A run without a grant (a message from the original's dispatcher) still asks: the broker
    // refuses it unless it runs in migration mode (LAVA_BROKER_UNGRANTED_RUNS).
    const fields = {
      realm: this.options.realm,
      worker: this.options.worker,
      job_id: caller.jobId,
      run_id: caller.runId,
    };
    // Signed with the fleet's key: a grant copied from the queue is useless to anyone else.
    const signature = signWorkerRequest(
      { ...fields, conn_id: connId, grant: caller.grant ?? '' },
      this.options.key,
      Date.now() / 1000,
    );
    const auth: Record<string, string> = { 'x-lava-worker-signature': signature };
    if (caller.grant) auth.authorization = `Bearer ${caller.grant}`;
    const { status, text } = await this.post(
      `/v1/connections/${encodeURIComponent(connId)}`,
      auth,
      JSON.stringify(fields),
      connId,
    );
    if (status === 200) {
      const connection = parseConnection(text);
      if (!connection)
        throw new JobFailedError(
          'CONNECTION_BROKER_ERROR',
          `secrets broker sent an unreadable answer for connection ${connId}`,
          { exit_status: 1 },
        );
      return connection;
    }
    const refusal = parseRefusal(text);
    throw new JobFailedError(
      'CONNECTION_REFUSED',
      `secrets broker refused connection ${connId} (HTTP ${status}${refusal.code ? `, ${refusal.code}` : ''})${refusal.message ? `: ${refusal.message}` : ''}`,
      { exit_status: 1, broker_code: refusal.code ?? null },
    );
  }

  /** Close idle keep-alive sockets (worker shutdown). */
  close(): void {
    this.agent.destroy();
  }

  private post(
    path: string,
    auth: Record<string, string>,
    body: string,
    connId: string,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.base);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 10_000,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...traceHeader(this.options.traceparent?.()),
            ...auth,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (err) => reject(unreachable(connId, err)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => reject(unreachable(connId, err)));
      req.end(body);
    });
  }
}

function traceHeader(traceparent: string | undefined): Record<string, string> {
  return traceparent ? { traceparent } : {};
}

/** The worker-side ConnectionSource: `get(connId)` asks the broker under the run's grant. */
export class BrokerConnectionSource implements ConnectionSource {
  constructor(
    private readonly client: BrokerClient,
    private readonly caller: BrokerCaller,
  ) {}

  get(connId: string): Promise<Record<string, unknown>> {
    return this.client.fetchConnection(connId, this.caller);
  }
}

function unreachable(connId: string, err: Error): JobFailedError {
  const code = (err as { code?: string }).code;
  return new JobFailedError(
    'CONNECTION_BROKER_UNREACHABLE',
    `secrets broker unreachable for connection ${connId}: ${code ?? err.message}`,
    { exit_status: 1 },
  );
}

function parseConnection(text: string): Record<string, unknown> | undefined {
  try {
    const doc = JSON.parse(text) as { connection?: unknown };
    return doc.connection && typeof doc.connection === 'object'
      ? (doc.connection as Record<string, unknown>)
      : undefined;
  } catch {
    // Never quote the text: a 200 body carries secrets.
    return undefined;
  }
}

function parseRefusal(text: string): { code?: string; message?: string } {
  try {
    const doc = JSON.parse(text) as { code?: unknown; message?: unknown };
    return {
      code: typeof doc.code === 'string' ? doc.code : undefined,
      message: typeof doc.message === 'string' ? doc.message.slice(0, 300) : undefined,
    };
  } catch {
    return {};
  }
}
