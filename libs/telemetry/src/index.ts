// Loads nothing of OpenTelemetry by itself: `startTelemetry` imports the SDK only when on.
export { startTelemetry } from './start-telemetry';
export type { TelemetryOptions } from './start-telemetry';
