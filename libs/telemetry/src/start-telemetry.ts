import { NO_TELEMETRY, type Telemetry } from '@lava/core';

/** Where and as whom a service exports its traces and metrics. */
export interface TelemetryOptions {
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); empty turns telemetry off. */
  endpoint: string;
  /** Lava service name; exported as `service.name` `lava-<service>`. */
  service: string;
  realm: string;
  /** How often buffered spans and metrics are exported, ms (default 5000 spans, 60000 metrics). */
  spanDelayMs?: number;
  metricIntervalMs?: number;
}

/**
 * The service's telemetry. Off (no endpoint) it is `NO_TELEMETRY` and no OpenTelemetry module is
 * loaded at all; on, the SDK is loaded and exports over OTLP/HTTP JSON.
 *
 * @example
 * const telemetry = await startTelemetry({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, service: 'worker', realm });
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (!options.endpoint) return NO_TELEMETRY;
  const { startOtel } = await import('./otel-sdk');
  return startOtel(options);
}
