// Observability ports: traces and OpenTelemetry metrics (Telemetry), CloudWatch custom metrics
// (MetricSink). Adapters: libs/telemetry (OpenTelemetry SDK) and libs/aws (CloudWatch).

/** Attribute values of a span or metric point: ids, names, counts. Never secrets or payloads. */
export type TelemetryAttributes = Record<string, string | number | boolean | undefined>;

/** One OpenTelemetry instrument Lava records; the adapter creates one instrument per entry. */
export interface MetricDefinition {
  name: string;
  kind: 'counter' | 'histogram' | 'gauge';
  unit: string;
  description: string;
}

/** Every OpenTelemetry metric Lava records (docs/observability.md lists them for users). */
export const LAVA_METRICS = {
  runs: {
    name: 'lava.runs',
    kind: 'counter',
    unit: '{run}',
    description: 'runs that ended, by status',
  },
  runStartDelay: {
    name: 'lava.run.start_delay',
    kind: 'histogram',
    unit: 's',
    description: 'time from dispatch to run start',
  },
  runDuration: {
    name: 'lava.run.duration',
    kind: 'histogram',
    unit: 's',
    description: 'time from run start to the end of its actions',
  },
  queueBacklog: {
    name: 'lava.queue.backlog',
    kind: 'gauge',
    unit: '{message}',
    description: 'messages waiting on the worker queue (heartbeat sample)',
  },
  schedulerFireLag: {
    name: 'lava.scheduler.fire_lag',
    kind: 'histogram',
    unit: 's',
    description: 'time from a scheduled slot to its dispatch request',
  },
  brokerReleases: {
    name: 'lava.broker.releases',
    kind: 'counter',
    unit: '{request}',
    description: 'secrets broker requests, by outcome (released or denied)',
  },
} as const satisfies Record<string, MetricDefinition>;

export type LavaMetric = keyof typeof LAVA_METRICS;

/** A W3C `traceparent` value (version 00). Carried in message attributes and event fields. */
export const TRACEPARENT_PATTERN = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Traces and metrics. With telemetry off (the default) every call is a no-op that costs one
 * function call: `span` just runs `fn`.
 *
 * @example
 * await telemetry.span('lava.dispatch', { job_id }, () => send(), request.traceparent);
 * telemetry.record('runs', 1, { status: 'complete' });
 */
export interface Telemetry {
  readonly enabled: boolean;
  /**
   * Runs `fn` in a new span, the child of the current span or of `parent` (a W3C traceparent
   * from a message or event). A rejection marks the span as an error and is rethrown.
   */
  span<T>(name: string, attributes: TelemetryAttributes, fn: () => Promise<T>, parent?: string): Promise<T>;
  /** Adds attributes to the current span (ids known only once a message is read). */
  annotate(attributes: TelemetryAttributes): void;
  /** The current span's W3C traceparent, to put on outgoing messages; undefined when off. */
  traceparent(): string | undefined;
  /** Adds to a counter, records a histogram value or sets a gauge. */
  record(metric: LavaMetric, value: number, attributes?: TelemetryAttributes): void;
  /** Exports what is buffered and stops (called once on shutdown). */
  shutdown(): Promise<void>;
}

/** Telemetry off: nothing is recorded and nothing is loaded. */
export const NO_TELEMETRY: Telemetry = {
  enabled: false,
  span: (_name, _attributes, fn) => fn(),
  annotate: () => undefined,
  traceparent: () => undefined,
  record: () => undefined,
  shutdown: () => Promise.resolve(),
};

/** One CloudWatch datapoint, as the original Lava put them (namespace set by the sink). */
export interface MetricDatum {
  name: string;
  value: number;
  unit?: 'Seconds' | 'Count' | 'Bytes' | 'Percent' | 'None';
  /** Dimension name -> value, e.g. `{ Realm: 'prod', Job: 'etl/load' }`. */
  dimensions: Record<string, string>;
  timestamp?: Date;
}

/** CloudWatch custom metrics (the `Lava` namespace by default). */
export interface MetricSink {
  put(data: MetricDatum[]): Promise<void>;
}
