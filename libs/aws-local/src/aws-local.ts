import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@lava/logging';
import type { EventSink } from './contracts';
import { DynamoDbBackend } from './dynamodb/dynamodb-backend';
import { loadEventBridge } from './eventbridge-loader';
import { AwsLocalConfigError } from './errors';
import { SnapshotStore } from './persistence/snapshot-store';
import { S3Notifications } from './s3/s3-notifications';
import { S3BucketSettings } from './s3/s3-bucket-settings';
import { S3Proxy } from './s3/s3-proxy';
import type { SecretsCredentials } from './edge/secrets-guard';
import { KmsService } from './kms/kms-service';
import { EdgeServer } from './server';
import { SecretsManagerService } from './secrets-manager/secrets-manager-service';
import { SnsService } from './sns/sns-service';
import { SqsService } from './sqs/sqs-service';
import { SsmService } from './ssm/ssm-service';
import { CloudWatchService } from './cloudwatch/cloudwatch-service';
import { SesMailbox } from './ses/ses-mailbox';
import { SesQueryService } from './ses/ses-query.service';
import { SesV2Backend } from './ses/sesv2.backend';
import { StsService } from './sts/sts-service';
import { DockerContainerEngine } from './docker/docker-container-engine';
import { EcsService } from './ecs/ecs-service';
import { endpointSecrets } from './ecs/task-secrets';
import { LogStore } from './logs/log-store';
import { LogsService } from './logs/logs-service';
import { EcrService } from './ecr/ecr-service';
import { HttpImageRegistry } from './ecr/registry-api';

/** Options of {@link startAwsLocal}; every field is optional. */
export interface AwsLocalOptions {
  /** TCP port; 0 picks a free one. Default 4566. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Persist every service under this directory; omitted = in memory only. */
  dataDir?: string;
  /**
   * An AWS shared-credentials file (`[default]` aws_access_key_id / aws_secret_access_key): when
   * set, SSM and Secrets Manager answer only requests signed with that key pair, so a local realm's
   * jobs (which never hold it) cannot read its secrets. Omitted: any caller may (tests).
   */
  secretsCredentialsFile?: string;
  /**
   * The registry ECR serves images from (`host:port`, plain HTTP) and the password of its `AWS`
   * user: repository URIs name it and `GetAuthorizationToken` hands out that login. Omitted: ECR
   * keeps repositories only, without images, and its tokens open nothing.
   */
  ecrRegistry?: { host: string; password: string };
  /**
   * New buckets report SSE-S3 default encryption, as S3 has done for every bucket since 2023.
   * `false` stands for an S3-compatible store without it: GetBucketEncryption then answers
   * ServerSideEncryptionConfigurationNotFoundError until PutBucketEncryption. Default true.
   */
  s3DefaultEncryption?: boolean;
  logger?: Logger;
}

/** A running endpoint. */
export interface AwsLocalHandle {
  /** `http://host:port`, the value for `AWS_ENDPOINT_URL`. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** AWS API requests served so far, in total and per service id (sqs, events, s3, …). */
  stats(): { requests: number; byService: Record<string, number>; byCaller: Record<string, number> };
}

/**
 * Starts the local AWS endpoint: SQS, EventBridge, SSM, Secrets Manager, KMS, SNS, STS, ECS (tasks
 * on the local Docker engine), ECR (images in a linked registry), CloudWatch Logs, DynamoDB (dynalite) and S3 (s3rver) on one port.
 *
 * @example
 * const aws = await startAwsLocal({ port: 0 });
 * process.env.AWS_ENDPOINT_URL = aws.url;
 * // … use SDK v3 clients …
 * await aws.stop();
 */
export async function startAwsLocal(options: AwsLocalOptions = {}): Promise<AwsLocalHandle> {
  const port = options.port ?? 4566;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AwsLocalConfigError(`invalid port ${String(options.port)}`);
  const host = options.host ?? '127.0.0.1';
  const { dataDir, logger } = options;
  // The data dir holds secrets, queues and objects: owner only, also when it already existed.
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }

  const sqs = new SqsService();
  // A dropped delivery is never silent: AWS would count it in FailedInvocations.
  const events = loadEventBridge(sqs, (f) =>
    logger?.error('event not delivered to its target', {
      rule: f.ruleArn,
      target: f.targetArn,
      event_id: f.eventId,
      error: f.error instanceof Error ? f.error.message : String(f.error),
    }),
  );
  const sns = new SnsService({ sqs });
  const kms = new KmsService();
  const ssm = new SsmService(Date.now, kms);
  const secrets = new SecretsManagerService();
  const notifications = new S3Notifications(sqs, (): EventSink | undefined => events);
  const dynamodb = new DynamoDbBackend({ path: dataDir ? join(dataDir, 'dynamodb') : undefined });
  const bucketSettings = new S3BucketSettings(options.s3DefaultEncryption ?? true);
  const s3 = new S3Proxy(
    { directory: dataDir ? join(dataDir, 's3') : undefined },
    notifications,
    bucketSettings,
  );

  // awslogs output arrives outside API requests: it marks the log store dirty itself.
  const logs = new LogsService(new LogStore(Date.now, () => snapshots?.markDirty('logs')));
  // ECS tasks run on the local Docker engine, reached only when a task is run.
  const ecs = new EcsService({
    engine: new DockerContainerEngine(),
    logs: logs.store,
    secrets: endpointSecrets({ ssm, secretsManager: secrets }),
    now: Date.now,
    logger,
  });

  const ecr = new EcrService(
    options.ecrRegistry && {
      registry: new HttpImageRegistry(options.ecrRegistry.host, 'AWS', options.ecrRegistry.password),
      password: options.ecrRegistry.password,
    },
  );

  const snapshots = dataDir ? new SnapshotStore(join(dataDir, 'state'), logger) : undefined;
  if (snapshots) {
    snapshots.register('ecs', ecs);
    snapshots.register('ecr', ecr);
    snapshots.register('logs', logs.store);
    snapshots.register('sqs', sqs);
    snapshots.register('sns', sns);
    // KMS first: its key material is needed to read the SecureStrings SSM restores.
    snapshots.register('kms', kms);
    snapshots.register('ssm', ssm);
    snapshots.register('secretsmanager', secrets);
    snapshots.register('s3', notifications);
    snapshots.register('s3-settings', bucketSettings);
    if (events?.snapshot && events.restore)
      snapshots.register('events', {
        snapshot: () => events.snapshot!(),
        restore: (d) => events.restore!(d),
      });
  }

  await Promise.all([dynamodb.start(), s3.start()]);
  // Sent mail is for inspection (GET /_aws/ses) only: it is not kept across restarts.
  const mailbox = new SesMailbox();
  const edge = new EdgeServer(
    {
      json: {
        sqs,
        events,
        ssm,
        secretsmanager: secrets,
        kms,
        ecs,
        ecr,
        logs,
        monitoring: new CloudWatchService(),
      },
      query: { sns, sts: new StsService(), ses: new SesQueryService(mailbox) },
      sesv2: new SesV2Backend(mailbox),
      mailbox: () => mailbox.list(),
      dynamodb,
      s3,
    },
    logger,
    (service) => {
      // EventBridge, SNS and S3 notifications deliver into SQS, so SQS state changes with them;
      // a SecureString put may create SSM's managed KMS key, so KMS changes with SSM.
      for (const name of withDependents(service)) snapshots?.markDirty(name);
    },
    // With a data dir, a state-changing request is answered only once its change is on disk.
    snapshots ? (service) => snapshots.commit(withDependents(service)) : undefined,
    options.secretsCredentialsFile ? secretsGuard(options.secretsCredentialsFile) : undefined,
  );
  let bound: number;
  try {
    bound = await edge.listen(port, host);
  } catch (error) {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    throw error;
  }
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${bound}`;
  logger?.info('aws-local listening', { url, data_dir: dataDir ?? null });

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: bound,
    stats: () => ({
      requests: edge.stats.requests,
      byService: { ...edge.stats.byService },
      byCaller: { ...edge.stats.byCaller },
    }),
    stop: () =>
      (stopped ??= (async () => {
        sqs.close();
        events?.close?.();
        await edge.close();
        await ecs.tasks.close().catch((error: unknown) =>
          logger?.error('ecs containers not removed at shutdown', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        snapshots?.flushAll();
        await Promise.all([dynamodb.stop(), s3.stop()]);
      })()),
  };
}

/** The services whose state a request to `service` may change (persisted together). */
function withDependents(service: string): string[] {
  if (service === 'ssm') return ['ssm', 'kms', 'sqs'];
  return service === 's3' ? ['s3', 's3-settings', 'sqs'] : [service, 'sqs'];
}

/** The guard of SSM and Secrets Manager from a shared-credentials file (read once, at start). */
function secretsGuard(file: string): { credentials: SecretsCredentials; hint: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AwsLocalConfigError(`cannot read --secrets-credentials ${file}: ${(err as Error).message}`);
  }
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey)
    throw new AwsLocalConfigError(
      `--secrets-credentials ${file} needs aws_access_key_id and aws_secret_access_key`,
    );
  return {
    credentials: { accessKeyId, secretAccessKey },
    hint: `Use the credentials in ${file} (AWS_SHARED_CREDENTIALS_FILE).`,
  };
}
