import { Logger, type LogContext, type LogLevel, type LogSink } from '@lava/logging';

/** The COMMON_ENV settings a service's logger reads. */
export interface LoggerConfig {
  LAVA_REALM: string;
  /** One of LOG_LEVELS: COMMON_ENV's pattern admits nothing else. */
  LAVA_LOG_LEVEL: string;
}

/**
 * A service's root logger: every line carries `service` and `realm` (and any `fields`, e.g. the
 * worker's name), at the configured level. Call once, in the composition root.
 *
 * @example const logger = serviceLogger(config, 'dispatcher');
 */
export function serviceLogger(
  config: LoggerConfig,
  service: string,
  options: { fields?: LogContext; sink?: LogSink } = {},
): Logger {
  return new Logger(
    { service, realm: config.LAVA_REALM, ...options.fields },
    { level: config.LAVA_LOG_LEVEL as LogLevel, sink: options.sink },
  );
}
