export { Logger, LOG_LEVELS, redact } from './logger';
export type { LogContext, LogLevel, LogSink, LoggerOptions } from './logger';
