import { grantEcsJobs } from './services/ecs-job-grants';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import type { ServiceName } from '@lava/core';
import type { RealmStack } from './realm-stack';
import { addBacklogScaling } from './services/backlog-scaling';
import { serviceImage } from './services/images';
import { LavaService } from './services/lava-service.construct';
import { addWorkerAlarms } from './services/worker-alarms';
import { API_PORT, ApiLoadBalancer } from './services/api-load-balancer.construct';
import {
  grantApi,
  grantAuditLogger,
  grantDispatcher,
  grantScheduler,
  grantSecretsBroker,
  grantWorker,
} from './services/service-grants';

/** The uids worker runs are given (one per running run; a fleet's concurrency is at most 256). */
export const WORKER_JOB_UID_RANGE = '20000-20999';

/**
 * Docker's default capabilities a worker does not use, dropped (Fargate lets a task drop any
 * capability but add only SYS_PTRACE, so the kept ones are the defaults not listed here). Kept:
 * SETUID and SETGID (start each run's processes under its uid, without groups), CHOWN (hand the
 * run directory and the files the worker writes for the job to the run's uid), DAC_OVERRIDE (read
 * outputs from and remove run directories that belong to the run's uid, mode 0700), FOWNER
 * (remove what a job left in a sticky directory it made), KILL (stop a run's processes, which run
 * under other uids). Dropped: no worker or job needs raw sockets, device nodes, privileged ports,
 * chroot, audit records, file capabilities, capability changes or set-id bits kept on write.
 */
export const WORKER_DROPPED_CAPABILITIES: readonly ecs.Capability[] = [
  ecs.Capability.AUDIT_WRITE,
  ecs.Capability.FSETID,
  ecs.Capability.MKNOD,
  ecs.Capability.NET_BIND_SERVICE,
  ecs.Capability.NET_RAW,
  ecs.Capability.SETFCAP,
  ecs.Capability.SETPCAP,
  ecs.Capability.SYS_CHROOT,
];

export interface ServicesStackProps extends StackProps {
  config: DeployConfig;
  realm: RealmStack;
}

/** The realm's compute: one ECS cluster, one Fargate service per Lava service and per worker fleet. */
export class ServicesStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly services = new Map<string, LavaService>();
  /** The API's load balancer; absent without `apiCertificateArn`. */
  readonly apiLoadBalancer?: ApiLoadBalancer;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServicesStackProps,
  ) {
    super(scope, id, props);
    const { config, realm } = props;
    // Declared before any grant so KMS grants go into task role policies, not the realm's key
    // policies (which would make the realm stack depend on this one).
    this.addStackDependency(realm);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: config.natGateways });
    // Flow logs (rejected and accepted traffic) for incident review, kept as long as service logs.
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogs', {
          retention: config.logRetentionDays as logs.RetentionDays,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `lava-${config.realm}`,
      vpc: this.vpc,
      // RunningTaskCount (ECS/ContainerInsights) feeds the workers' backlog-per-task scaling.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: `${realm.names.dns}.lava.internal`,
      vpc: this.vpc,
    });
    // Workers verify the broker's certificate (private CA) and host name: the URL names the
    // Cloud Map record the certificate is issued for (docs/deploy.md, "Broker TLS").
    const brokerHost = `secrets-broker.${namespace.namespaceName}`;
    const brokerUrl = `https://${brokerHost}:${config.brokerPort}`;
    const brokerTls = secretsmanager.Secret.fromSecretNameV2(this, 'BrokerTls', config.brokerTlsSecret);
    const brokerCa = ssm.StringParameter.fromStringParameterName(this, 'BrokerCa', config.brokerCaParameter);

    const scheduler = this.add('scheduler', 256, 512, config.schedulerReplicas, {
      env: { LAVA_DISPATCHERS: config.dispatchers },
    });
    grantScheduler(scheduler.taskRole, realm);
    grantDispatcher(this.add('dispatcher', 256, 512, 2).taskRole, realm);
    grantAuditLogger(this.add('audit-logger', 256, 512, 1).taskRole, realm);
    const broker = this.add('secrets-broker', 256, 512, 2, {
      env: { LAVA_BROKER_HOST: '0.0.0.0', LAVA_BROKER_PORT: String(config.brokerPort) },
      // Only the broker's execution role reads the key; the entrypoint writes both to files.
      secrets: {
        LAVA_BROKER_TLS_CERT_PEM: ecs.Secret.fromSecretsManager(brokerTls, 'cert'),
        LAVA_BROKER_TLS_KEY_PEM: ecs.Secret.fromSecretsManager(brokerTls, 'key'),
      },
      ports: [config.brokerPort],
      cloudMap: { namespace, name: 'secrets-broker' },
    });
    grantSecretsBroker(broker.taskRole, realm, {
      assumeRoleArns: config.brokerAssumeRoleArns,
      dbCredentialArns: config.brokerDbCredentialArns,
      secretKeyArns: config.brokerSecretKeyArns,
    });

    const api = this.add('api', 512, 1024, config.api.replicas, {
      env: { LAVA_API_HOST: '0.0.0.0', LAVA_API_PORT: String(API_PORT), LAVA_API_AUTH: 'tokens' },
      ports: [API_PORT],
    });
    grantApi(api.taskRole, realm);
    const { certificateArn } = config.api;
    if (certificateArn)
      this.apiLoadBalancer = new ApiLoadBalancer(this, 'ApiLoadBalancer', {
        vpc: this.vpc,
        service: api.fargate,
        config: { ...config.api, certificateArn },
        realmDns: realm.names.dns,
      });

    for (const fleet of config.fleets) {
      const worker = this.add('worker', fleet.cpu, fleet.memoryMiB, fleet.minTasks, {
        fleet: fleet.name,
        env: {
          LAVA_WORKER: fleet.name,
          LAVA_WORKER_CONCURRENCY: String(fleet.concurrency),
          LAVA_BROKER_URL: brokerUrl,
          // Fargate refuses the user namespaces bubblewrap needs; each run gets its own uid instead
          // (docs/job-isolation.md), so a job reads neither the worker's environment (which leads
          // to the task role) nor other runs' files.
          LAVA_JOB_ISOLATION: 'uid',
          LAVA_JOB_UID_RANGE: WORKER_JOB_UID_RANGE,
        },
        // Root inside the container, with only the capabilities uid isolation uses.
        user: '0',
        dropCapabilities: WORKER_DROPPED_CAPABILITIES,
        // The CA certificate only (public material), as a file through the entrypoint.
        secrets: { LAVA_BROKER_CA_PEM: ecs.Secret.fromSsmParameter(brokerCa) },
      });
      grantWorker(worker.taskRole, realm, fleet.name);
      grantEcsJobs(worker.taskRole, {
        clusterArns: config.workerEcsClusterArns,
        passRoleArns: config.workerEcsPassRoleArns,
        logGroupArns: config.workerEcsLogGroupArns,
      });
      // Only workers reach the broker, and only on its grant port.
      broker.fargate.connections.allowFrom(
        worker.fargate,
        ec2.Port.tcp(config.brokerPort),
        `workers of fleet ${fleet.name}`,
      );
      const queue = realm.messaging.workerQueues.get(fleet.name)!.queue;
      addBacklogScaling(worker, 'Scaling', {
        cluster: this.cluster,
        service: worker.fargate,
        serviceName: realm.names.ecsService('worker', fleet.name),
        queue,
        fleet,
      });
      addWorkerAlarms(worker, 'Alarms', {
        realm: config.realm,
        fleet,
        queue,
        logGroup: worker.logGroup,
        notices: realm.messaging.notices,
      });
    }
  }

  private add(
    service: ServiceName,
    cpu: number,
    memoryMiB: number,
    desiredCount: number,
    extra: {
      fleet?: string;
      env?: Record<string, string>;
      secrets?: Record<string, ecs.Secret>;
      ports?: number[];
      cloudMap?: { namespace: servicediscovery.INamespace; name: string };
      user?: string;
      dropCapabilities?: readonly ecs.Capability[];
    } = {},
  ): LavaService {
    const { config, realm } = this.props;
    const id = extra.fleet ? `Worker-${extra.fleet}` : service;
    const lava = new LavaService(this, id, {
      cluster: this.cluster,
      service,
      serviceName: realm.names.ecsService(service, extra.fleet),
      logGroupName: realm.names.logGroup(service, extra.fleet),
      logRetentionDays: config.logRetentionDays,
      image: serviceImage(this, config, service),
      cpu,
      memoryMiB,
      desiredCount,
      environment: { LAVA_REALM: config.realm, LAVA_LOG_LEVEL: 'info', ...extra.env },
      secrets: extra.secrets,
      ports: extra.ports,
      cloudMap: extra.cloudMap,
      user: extra.user,
      dropCapabilities: extra.dropCapabilities,
    });
    this.services.set(extra.fleet ? `worker-${extra.fleet}` : service, lava);
    return lava;
  }
}
