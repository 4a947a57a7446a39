import http from 'node:http';
import https from 'node:https';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsConfig } from './aws-config';

/** One client per service, built once per process and injected wherever AWS is called. */
export interface AwsClients {
  readonly config: AwsConfig;
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  /** Low-level DynamoDB client (table management). */
  readonly dynamoDb: DynamoDBClient;
  /** Document client over `dynamoDb` (plain JS values, `removeUndefinedValues`). */
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly ssm: SSMClient;
  readonly secretsManager: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
  /** Secure state items (`KmsStateCipher`). */
  readonly kms: KMSClient;
  /** CloudWatch custom metrics (`CloudWatchMetricSink`). */
  readonly cloudWatch: CloudWatchClient;
  /** ECS and CloudWatch Logs: the `ecs` job type's tasks and their awslogs output. */
  readonly ecs: ECSClient;
  readonly logs: CloudWatchLogsClient;
  /** Close every client's sockets (call on shutdown). */
  destroy(): void;
}

/** Shared client settings; the endpoint comes only from the validated config. */
function baseOptions(config: AwsConfig, handler: NodeHttpHandler) {
  return {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    maxAttempts: config.maxAttempts,
    requestHandler: handler,
  };
}

/**
 * Keep-alive agents avoid a TLS/TCP handshake per call. The handler has no request timeout
 * because SQS long polls legitimately hold a request for up to 20 s.
 */
function keepAliveHandler(): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: 5_000,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  });
}

/**
 * Build the AWS clients from a validated config. Each client is created on first use (a
 * short-lived process such as the `lava` CLI then loads only the SDK packages it calls) and
 * reused after; all share one keep-alive handler.
 *
 * @example
 * const clients = createAwsClients(loadAwsConfig());
 * await new JobsRepository(clients.dynamo, 'acme').get('etl/load');
 * clients.destroy();
 */
export function createAwsClients(config: AwsConfig): AwsClients {
  const handler = keepAliveHandler();
  const base = baseOptions(config, handler);
  const made = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name) as T;
  };
  const clients: AwsClients = {
    config,
    get sqs() {
      return once('sqs', () => new SQSClient(base));
    },
    get eventBridge() {
      return once('eventBridge', () => new EventBridgeClient(base));
    },
    get dynamoDb() {
      return once('dynamoDb', () => new DynamoDBClient(base));
    },
    get dynamo() {
      return once('dynamo', () =>
        DynamoDBDocumentClient.from(clients.dynamoDb, {
          marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
        }),
      );
    },
    // Path-style URLs: local endpoints cannot resolve `<bucket>.localhost`.
    get s3() {
      return once('s3', () => new S3Client({ ...base, forcePathStyle: config.endpoint !== undefined }));
    },
    get ssm() {
      return once('ssm', () => new SSMClient(base));
    },
    get secretsManager() {
      return once('secretsManager', () => new SecretsManagerClient(base));
    },
    get sns() {
      return once('sns', () => new SNSClient(base));
    },
    get sts() {
      return once('sts', () => new STSClient(base));
    },
    get ecs() {
      return once('ecs', () => new ECSClient(base));
    },
    get logs() {
      return once('logs', () => new CloudWatchLogsClient(base));
    },
    get kms() {
      return once('kms', () => new KMSClient(base));
    },
    get cloudWatch() {
      return once('cloudWatch', () => new CloudWatchClient(base));
    },
    destroy: () => handler.destroy(),
  };
  return clients;
}
