import { context, metrics, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtelTelemetry } from './otel-telemetry';
import type { TelemetryOptions } from './start-telemetry';

/** Builds the SDK: one tracer and one meter provider per process, OTLP/HTTP exporters. */
export function startOtel(options: TelemetryOptions): OtelTelemetry {
  const base = options.endpoint.replace(/\/+$/, '');
  const resource = resourceFromAttributes({
    'service.name': `lava-${options.service}`,
    'service.namespace': 'lava',
    'lava.realm': options.realm,
  });
  // The context manager carries the active span across awaits; W3C traceparent on the wire.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }),
        scheduledDelayMillis: options.spanDelayMs ?? 5000,
      }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        exportIntervalMillis: options.metricIntervalMs ?? 60000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  return new OtelTelemetry(tracerProvider.getTracer('lava'), meterProvider.getMeter('lava'), [
    tracerProvider,
    meterProvider,
  ]);
}
