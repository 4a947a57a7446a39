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
  const app = await NestFactory.create(options.module, { logger: new NestLoggerAdapter(options.logger), abortOnError: false });
  if (options.transport) app.connectMicroservice({ strategy: options.transport }, { inheritAppConfig: true });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.startAllMicroservices();
  await app.listen(options.healthPort, options.healthHost);
  const healthPort = (app.getHttpServer().address() as AddressInfo).port;
  options.logger.lifecycle('ready', { health_port: healthPort, pid: process.pid });
  return { app, healthPort };
}
