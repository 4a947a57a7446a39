import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@lava/logging';

/** Routes NestJS's own log lines into the structured JSON logger. */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug(String(message), { nest: context });
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(String(message), { nest: context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(String(message), { nest: context });
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(String(message), { nest: context });
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug(String(message), { nest: context });
  }
}
