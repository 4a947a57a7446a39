import { App, Tags } from 'aws-cdk-lib';
import { readDeployConfig, type DeployConfig } from './config';
import { DeployNames } from './naming';
import { RealmStack } from './realm-stack';
import { ServicesStack } from './services-stack';

export interface LavaStacks {
  config: DeployConfig;
  realm: RealmStack;
  services: ServicesStack;
}

/**
 * Builds the realm and services stacks of one realm from the app's context. Environment-agnostic
 * (no account or region lookups), so `cdk synth` runs offline.
 *
 * @example const { realm, services } = buildLavaApp(new App({ context: { realm: 'acme' } }));
 */
export function buildLavaApp(app: App): LavaStacks {
  const config = readDeployConfig((key) => app.node.tryGetContext(key));
  const stackSuffix = new DeployNames(config.realm).dns;
  const realm = new RealmStack(app, `LavaRealm-${stackSuffix}`, {
    config,
    description: `Lava realm ${config.realm}: tables, bus, queues, bucket, keys, topic, alarms`,
  });
  const services = new ServicesStack(app, `LavaServices-${stackSuffix}`, {
    config,
    realm,
    description: `Lava realm ${config.realm}: ECS cluster and Fargate services`,
  });
  Tags.of(app).add('lava:realm', config.realm);
  return { config, realm, services };
}
