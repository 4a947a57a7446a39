import type { Telemetry } from '@lava/core';
import { startTelemetry } from '@lava/telemetry';

/** The COMMON_ENV settings telemetry reads. */
export interface TelemetryConfig {
  LAVA_REALM: string;
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  OTEL_BSP_SCHEDULE_DELAY: number;
  OTEL_METRIC_EXPORT_INTERVAL: number;
}

/**
 * A service's telemetry from its validated config: off (nothing loaded) unless
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Call once, in the composition root.
 */
export function serviceTelemetry(config: TelemetryConfig, service: string): Promise<Telemetry> {
  return startTelemetry({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    service,
    realm: config.LAVA_REALM,
    spanDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
    metricIntervalMs: config.OTEL_METRIC_EXPORT_INTERVAL,
  });
}
