import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { LogSink } from '@lava/logging';
import { bootstrapService, HealthModule, NestLoggerAdapter, type RunningService } from '@lava/service-kit';
import { loadBrokerConfig } from './broker.config';
import { composeBroker } from './broker.composition';
import { BrokerApiModule } from './broker.module';

/** A started broker; `stop()` closes both servers and every client. */
export interface RunningBroker extends RunningService {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (https when TLS is configured). */
  brokerUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the secrets broker: the API on LAVA_BROKER_PORT (HTTPS with LAVA_BROKER_TLS_CERT/KEY),
 * health on LAVA_HEALTH_PORT. The `ready` line carries `broker_url` for whoever starts workers.
 */
export async function bootstrap(
  env: NodeJS.ProcessEnv = process.env,
  options: { sink?: LogSink } = {},
): Promise<RunningBroker> {
  const config = loadBrokerConfig(env);
  const parts = await composeBroker(config, options);
  const api = await NestFactory.create(BrokerApiModule.create(parts.broker), {
    logger: new NestLoggerAdapter(parts.logger),
    abortOnError: false,
    httpsOptions: config.tls,
  });
  await api.listen(config.LAVA_BROKER_PORT, config.LAVA_BROKER_HOST);
  const port = (api.getHttpServer().address() as AddressInfo).port;
  const brokerUrl = `${config.tls ? 'https' : 'http'}://${config.LAVA_BROKER_HOST}:${port}`;
  const ready = async () => ({ broker_url: brokerUrl });
  const running = await bootstrapService({
    module: HealthModule.forProbe(ready, api),
    logger: parts.logger.child({ broker_url: brokerUrl, tls: config.tls !== undefined }),
    healthPort: config.LAVA_HEALTH_PORT,
    healthHost: config.LAVA_HEALTH_HOST,
    onStopped: () => parts.telemetry.shutdown(),
  });
  return {
    ...running,
    brokerUrl,
    stop: async () => {
      await running.app.close();
      parts.clients.destroy();
      parts.redshift.destroy();
      await parts.telemetry.shutdown();
    },
  };
}
