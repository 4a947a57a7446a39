import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config';
import type { ServiceName } from '@lava/core';

const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\/(.+))?$/;

/**
 * The image of one service: `<imageRegistry>/<service>:<tag>`. Images are built and pushed
 * outside CDK (docs/docker.md), so synth needs neither Docker nor an account. For an ECR
 * registry the task execution role is granted pull on exactly that repository.
 */
export function serviceImage(
  scope: Construct,
  config: DeployConfig,
  service: ServiceName,
): ecs.ContainerImage {
  const tag = config.imageTags[service];
  const match = ECR_REGISTRY.exec(config.imageRegistry);
  if (!match) return ecs.ContainerImage.fromRegistry(`${config.imageRegistry}/${service}:${tag}`);
  const [, account, region, prefix] = match;
  const repositoryName = prefix ? `${prefix}/${service}` : service;
  // Worker fleets share one repository: import it once per stack.
  const id = `${service}Repository`;
  const repository =
    (scope.node.tryFindChild(id) as ecr.IRepository | undefined) ??
    ecr.Repository.fromRepositoryAttributes(scope, id, {
      repositoryName,
      repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${repositoryName}`,
    });
  return ecs.ContainerImage.fromEcrRepository(repository, tag);
}
