import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { Logger } from '@lava/logging';
import { NestLoggerAdapter } from './nest-logger.adapter';

export interface BootstrapOptions {
  module: Type<unknown> | DynamicModule;
  logger: Logger;
  healthPort: number;
  healthHost: string;
  /** SQS (or other) transport the app consumes with; drained on SIGTERM. */
  transport?: CustomTransportStrategy;
  /** Runs after the app closed on a signal, before exit (e.g. flushing telemetry). */
  onStopped?: () => Promise<void>;
}

export interface RunningService {
  app: INestApplication;
  healthPort: number;
}

/**
 * Boots a service as a hybrid Nest app: the message transport plus the HTTP health endpoints.
 * SIGTERM/SIGINT close the app, which stops polling and drains in-flight messages first.
 * Logs `ready` (with the health port) once everything is listening.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const app = await NestFactory.create(options.module, {
    logger: new NestLoggerAdapter(options.logger),
    abortOnError: false,
  });
  if (options.transport) app.connectMicroservice({ strategy: options.transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(options.healthPort, options.healthHost);
  const healthPort = (app.getHttpServer().address() as AddressInfo).port;
  options.logger.lifecycle('ready', { health_port: healthPort, pid: process.pid });
  stopOnSignals(app, options.logger, options.onStopped);
  return { app, healthPort };
}

/**
 * SIGTERM/SIGINT close the app (transports stop polling and drain in-flight work; lifecycle
 * hooks run) and then exit 0, so orchestrators see a clean stop. A second signal exits at once.
 */
function stopOnSignals(app: INestApplication, logger: Logger, onStopped?: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.lifecycle('second signal: exiting without draining', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.lifecycle('stopping', { signal });
    app
      .close()
      .then(() => onStopped?.())
      .then(
        () => {
          logger.lifecycle('stopped', { signal });
          process.exit(0);
        },
        (err: unknown) => {
          logger.error('shutdown failed', { error: err as Error });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
