export { readEnv, ConfigError, COMMON_ENV } from './env-config';
export type { EnvField, EnvSpec, EnvValues } from './env-config';
export { NestLoggerAdapter } from './nest-logger.adapter';
export { HealthModule, READINESS_PROBE } from './health.module';
export type { ReadinessProbe } from './health.module';
export { bootstrapService } from './bootstrap';
export type { BootstrapOptions, RunningService } from './bootstrap';
export { bootstrapQueueService } from './queue-service';
export type { QueueServiceConfig, QueueServiceOptions, RunningQueueService } from './queue-service';
