import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogSink } from '@lava/logging';
import { bootstrapService, HealthModule, NestLoggerAdapter, type RunningService } from '@lava/service-kit';
import { loadApiConfig } from './api.config';
import { composeApi } from './api.composition';
import { ApiModule } from './api.module';
import { ApiErrorFilter } from './http/error.filter';
import { serveOpenApi } from './http/openapi';

/** The console's static files (HTML, CSS, JS: no build step). */
export const CONSOLE_DIR = join(__dirname, '..', 'console');

/** A started API; `stop()` closes both servers and every client. */
export interface RunningApi extends RunningService {
  /** Base URL of the API and console, e.g. `http://127.0.0.1:8090`. */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP API and web console on LAVA_API_PORT (health on LAVA_HEALTH_PORT). The `ready`
 * line carries `api_url`, so `npm start` can print the console's address.
 */
export async function bootstrap(
  env: NodeJS.ProcessEnv = process.env,
  options: { sink?: LogSink } = {},
): Promise<RunningApi> {
  const config = loadApiConfig(env);
  const parts = composeApi(config, options);
  const api = await NestFactory.create<NestExpressApplication>(ApiModule.create(parts, config.LAVA_REALM), {
    logger: new NestLoggerAdapter(parts.logger),
    abortOnError: false,
  });
  api.useGlobalFilters(new ApiErrorFilter(parts.logger));
  api.disable('x-powered-by');
  api.use((_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  serveOpenApi(api, config.LAVA_REALM);
  api.useStaticAssets(CONSOLE_DIR, { index: 'index.html' });
  await api.listen(config.LAVA_API_PORT, config.LAVA_API_HOST);
  const port = (api.getHttpServer().address() as AddressInfo).port;
  const apiUrl = `http://${config.LAVA_API_HOST}:${port}`;
  const running = await bootstrapService({
    module: HealthModule.forProbe(async () => ({ api_url: apiUrl }), api),
    logger: parts.logger.child({ api_url: apiUrl, auth: config.LAVA_API_AUTH }),
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
  });
  return {
    ...running,
    apiUrl,
    stop: async () => {
      await running.app.close();
      parts.clients.destroy();
    },
  };
}
