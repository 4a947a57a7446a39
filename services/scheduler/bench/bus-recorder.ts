/**
 * A recording proxy in front of the local endpoint: it forwards every request and, for each
 * `Dispatch Requested` the scheduler publishes, notes the slot (`scheduled_time`), when the
 * PutEvents request arrived and when the bus accepted it. The scheduler runs unmodified in its
 * own process; jitter is read here, from outside it.
 */
import http from 'node:http';

/** One accepted fire as seen on the wire. */
export interface SeenFire {
  key: string;
  scheduledMs: number;
  sentMs: number;
  acceptedMs: number;
}

interface WireEntry {
  DetailType?: string;
  Source?: string;
  Detail?: string;
}

export interface BusRecorder {
  url: string;
  fires: SeenFire[];
  close(): void;
}

/**
 * Starts the proxy. With `stub`, PutEvents is answered at once (every entry accepted) instead of
 * being forwarded, which isolates the scheduler from the endpoint's bus.
 */
export async function startBusRecorder(target: string, stub: boolean): Promise<BusRecorder> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const fires: SeenFire[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sentMs = Date.now();
      const body = Buffer.concat(chunks);
      const putEvents = req.headers['x-amz-target'] === 'AWSEvents.PutEvents';
      const entries = putEvents ? (JSON.parse(body.toString()) as { Entries: WireEntry[] }).Entries : [];
      const record = (responseText: string): void => {
        const acceptedMs = Date.now();
        const results = (JSON.parse(responseText) as { Entries?: { ErrorCode?: string }[] }).Entries ?? [];
        entries.forEach((e, i) => {
          if (e.DetailType !== 'Dispatch Requested' || e.Source !== 'lava.scheduler') return;
          if (results[i]?.ErrorCode) return;
          const detail = JSON.parse(e.Detail ?? '{}') as { idempotency_key: string; scheduled_time: string };
          const scheduledMs = Date.parse(detail.scheduled_time);
          fires.push({ key: detail.idempotency_key, scheduledMs, sentMs, acceptedMs });
        });
      };
      if (putEvents && stub) {
        const text = JSON.stringify({
          FailedEntryCount: 0,
          Entries: entries.map((_, i) => ({ EventId: String(i) })),
        });
        record(text);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(text);
        return;
      }
      forward(req, res, body, upstream, agent, putEvents ? record : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, fires, close: () => server.close() };
}

function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
  upstream: URL,
  agent: http.Agent,
  onResponse: ((text: string) => void) | undefined,
): void {
  const fwd = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent,
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (!onResponse || up.statusCode !== 200) {
        up.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => {
        const text = Buffer.concat(parts);
        onResponse(text.toString());
        res.end(text);
      });
    },
  );
  fwd.on('error', () => res.destroy());
  fwd.end(body);
}
