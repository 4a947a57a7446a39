import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Meter,
  type Tracer,
} from '@opentelemetry/api';
import { LAVA_METRICS, type LavaMetric, type Telemetry, type TelemetryAttributes } from '@lava/core';

/** Something that flushes and stops (the SDK's tracer and meter providers). */
export interface Stoppable {
  shutdown(): Promise<void>;
}

type Instrument = { add?(v: number, a?: Attributes): void; record?(v: number, a?: Attributes): void };

/**
 * The Telemetry port over the OpenTelemetry API: spans through the active context (async-hooks
 * context manager), W3C traceparent in and out, one instrument per Lava metric.
 */
export class OtelTelemetry implements Telemetry {
  readonly enabled = true;
  private readonly instruments = new Map<LavaMetric, Instrument>();

  constructor(
    private readonly tracer: Tracer,
    private readonly meter: Meter,
    private readonly providers: Stoppable[],
  ) {}

  span<T>(name: string, attributes: TelemetryAttributes, fn: () => Promise<T>, parent?: string): Promise<T> {
    const ctx = parent ? propagation.extract(ROOT_CONTEXT, { traceparent: parent }) : context.active();
    return this.tracer.startActiveSpan(name, { attributes: defined(attributes) }, ctx, async (span) => {
      try {
        return await fn();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  annotate(attributes: TelemetryAttributes): void {
    trace.getActiveSpan()?.setAttributes(defined(attributes));
  }

  traceparent(): string | undefined {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return carrier.traceparent;
  }

  record(metric: LavaMetric, value: number, attributes: TelemetryAttributes = {}): void {
    const instrument = this.instrument(metric);
    const attrs = defined(attributes);
    if (instrument.add) instrument.add(value, attrs);
    else instrument.record!(value, attrs);
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.providers.map((p) => p.shutdown()));
  }

  private instrument(metric: LavaMetric): Instrument {
    let instrument = this.instruments.get(metric);
    if (instrument) return instrument;
    const { name, kind, unit, description } = LAVA_METRICS[metric];
    const options = { unit, description };
    if (kind === 'counter') instrument = this.meter.createCounter(name, options);
    else if (kind === 'histogram') instrument = this.meter.createHistogram(name, options);
    else instrument = this.meter.createGauge(name, options);
    this.instruments.set(metric, instrument);
    return instrument;
  }
}

/** OpenTelemetry refuses undefined attribute values; absent ids are simply left out. */
function defined(attributes: TelemetryAttributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[k] = v;
  return out;
}
