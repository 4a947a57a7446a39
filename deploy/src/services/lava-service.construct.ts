import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements';
import { HEALTH_PORT } from '../config';
import type { ServiceName } from '@lava/core';

export { HEALTH_PORT };
/**
 * Container health check, the same command as the images' HEALTHCHECK: docker/healthcheck.js
 * asks `GET /health/live` on `LAVA_HEALTH_PORT` and exits 0 on a 2xx answer.
 */
export const HEALTH_CHECK_COMMAND = ['CMD', 'node', '/app/healthcheck.js', '/health/live'];
/** Fargate's maximum stop timeout: SIGKILL comes this long after SIGTERM. */
export const STOP_TIMEOUT_SECONDS = 120;
/** Drain budget given to the service (`LAVA_DRAIN_SECONDS`): inside the stop timeout, with margin to exit. */
export const DRAIN_SECONDS = 110;

export interface LavaServiceProps {
  cluster: ecs.ICluster;
  service: ServiceName;
  /** ECS service name, e.g. `lava-demo-worker-core`. */
  serviceName: string;
  logGroupName: string;
  logRetentionDays: number;
  image: ecs.ContainerImage;
  cpu: number;
  memoryMiB: number;
  desiredCount: number;
  environment: Record<string, string>;
  /**
   * ECS secrets. A `LAVA_<NAME>_PEM` variable is written to a private file by the image's
   * entrypoint (docker/entrypoint.js), which sets `LAVA_<NAME>` to its path.
   */
  secrets?: Record<string, ecs.Secret>;
  /** Extra container ports (the health port is always mapped). */
  ports?: number[];
  /** Register in Cloud Map under this name (the secrets broker). */
  cloudMap?: { namespace: servicediscovery.INamespace; name: string };
  /** The container's user instead of the image's (the worker: `0`, see job isolation `uid`). */
  user?: string;
  /** Capabilities removed from the container's default set (Fargate allows dropping any of them). */
  dropCapabilities?: readonly ecs.Capability[];
}

/**
 * One Fargate service running one Lava image: its own task role (granted by the caller), a log
 * group with retention, the container health check the image also declares, and a stop timeout
 * long enough for the SIGTERM drain.
 */
export class LavaService extends Construct {
  readonly taskRole: iam.Role;
  readonly fargate: ecs.FargateService;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LavaServiceProps) {
    super(scope, id);
    this.taskRole = new iam.Role(this, 'TaskRole', {
      roleName: `${props.serviceName}-task`,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Lava ${props.service}: least-privilege task role`,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const task = new ecs.FargateTaskDefinition(this, 'Task', {
      family: props.serviceName,
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      taskRole: this.taskRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    acknowledge(
      task,
      'AwsSolutions-ECS2',
      'The plain environment holds only non-secret settings (realm, fleet, queue and bus names, ports, log level); secrets reach the container through `secrets` (Secrets Manager / SSM) or the secrets broker, never the environment.',
    );
    task.addContainer('app', {
      containerName: props.service,
      image: props.image,
      environment: {
        ...props.environment,
        LAVA_HEALTH_PORT: String(HEALTH_PORT),
        LAVA_DRAIN_SECONDS: String(DRAIN_SECONDS),
      },
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.service }),
      portMappings: [HEALTH_PORT, ...(props.ports ?? [])].map((containerPort) => ({ containerPort })),
      healthCheck: {
        command: HEALTH_CHECK_COMMAND,
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      // The worker drains running jobs on SIGTERM before SIGKILL.
      stopTimeout: Duration.seconds(STOP_TIMEOUT_SECONDS),
      readonlyRootFilesystem: false,
      user: props.user,
      linuxParameters: props.dropCapabilities?.length ? this.dropping(props.dropCapabilities) : undefined,
    });
    this.fargate = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: props.serviceName,
      taskDefinition: task,
      desiredCount: props.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      cloudMapOptions: props.cloudMap
        ? { cloudMapNamespace: props.cloudMap.namespace, name: props.cloudMap.name }
        : undefined,
    });
  }

  private dropping(capabilities: readonly ecs.Capability[]): ecs.LinuxParameters {
    const linux = new ecs.LinuxParameters(this, 'Linux');
    linux.dropCapabilities(...capabilities);
    return linux;
  }
}
