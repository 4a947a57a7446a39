import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carries it, with its service name flattened in. */
export interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string | number | boolean>;
}

export interface OtlpReceiver {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  spans(): readonly ReceivedSpan[];
  /** Metric names received so far (any service). */
  metricNames(): ReadonlySet<string>;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type KeyValue = { key: string; value: AnyValue };

/**
 * An OTLP/HTTP JSON receiver on a free port (`/v1/traces`, `/v1/metrics`), for tests that check
 * what services export. A protobuf export is answered 415 and recorded as a failure, loudly.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!String(req.headers['content-type'] ?? '').includes('json')) {
        res.writeHead(415).end('this test receiver reads OTLP/HTTP JSON only');
        throw new Error(`OTLP receiver got ${String(req.headers['content-type'])}; expected JSON`);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      if (req.url === '/v1/traces') spans.push(...readSpans(body));
      else if (req.url === '/v1/metrics') readMetricNames(body).forEach((n) => metrics.add(n));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => spans,
    metricNames: () => metrics,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readSpans(body: Record<string, unknown>): ReceivedSpan[] {
  const resourceSpans = (body.resourceSpans ?? []) as Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
  }>;
  return resourceSpans.flatMap((rs) => {
    const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        name: String(s.name),
        traceId: String(s.traceId),
        spanId: String(s.spanId),
        parentSpanId: s.parentSpanId ? String(s.parentSpanId) : undefined,
        attributes: attributesOf(s.attributes as KeyValue[] | undefined),
      })),
    );
  });
}

function readMetricNames(body: Record<string, unknown>): string[] {
  const resourceMetrics = (body.resourceMetrics ?? []) as Array<{
    scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }>;
  }>;
  return resourceMetrics.flatMap((rm) =>
    (rm.scopeMetrics ?? []).flatMap((sm) => (sm.metrics ?? []).map((m) => m.name)),
  );
}

function attributesOf(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? [])
    out[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);
  return out;
}
