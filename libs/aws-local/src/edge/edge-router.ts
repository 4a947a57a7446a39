import type { IncomingMessage } from 'node:http';
import { credentialScope, type CredentialScope } from './request-context';

/** Where a request goes, decided (first match wins). */
export type Route =
  | { kind: 'json'; service: string; prefix: string; operation: string }
  | { kind: 'dynamodb' }
  | { kind: 'query'; service: QueryServiceId }
  | { kind: 'sesv2' }
  | { kind: 'mailbox' }
  | { kind: 'form'; scope?: CredentialScope }
  | { kind: 's3' }
  | { kind: 'health' }
  | { kind: 'reject'; service: string; code: string; message: string };

/** Services spoken over awsQuery. */
export type QueryServiceId = 'sns' | 'sts' | 'sqs' | 'ses';

/** X-Amz-Target prefixes of the awsJson services this endpoint emulates, mapped to a service id. */
export const JSON_TARGETS: Record<string, string> = {
  AmazonSQS: 'sqs',
  AWSEvents: 'events',
  AmazonSSM: 'ssm',
  secretsmanager: 'secretsmanager',
  TrentService: 'kms',
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  Logs_20140328: 'logs',
  GraniteServiceVersion20100801: 'monitoring',
};

function targetRoute(target: string): Route {
  const dot = target.indexOf('.');
  const prefix = dot < 0 ? target : target.slice(0, dot);
  const operation = dot < 0 ? '' : target.slice(dot + 1);
  if (prefix === 'DynamoDB_20120810') return { kind: 'dynamodb' };
  if (prefix === 'DynamoDBStreams_20120810') {
    return {
      kind: 'reject',
      service: 'dynamodb',
      code: 'UnknownOperationException',
      message: `DynamoDB Streams operation ${operation} is not implemented by lava-aws-local.`,
    };
  }
  const service = JSON_TARGETS[prefix];
  if (!service)
    return {
      kind: 'reject',
      service: 'unknown',
      code: 'UnknownOperationException',
      message: `Unknown service target ${target}.`,
    };
  return { kind: 'json', service, prefix, operation };
}

/**
 * Unsigned `GET /health/live` (or `/health/ready`): the liveness probe of the container image,
 * the same path the Lava services answer. Signed requests to those paths stay S3 requests.
 */
function isHealthProbe(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0];
  return req.method === 'GET' && (path === '/health/live' || path === '/health/ready');
}

/** Unsigned `GET /_aws/ses`: the messages SES accepted (LocalStack's inspection endpoint). */
function isMailboxRead(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.url ?? '').split('?')[0] === '/_aws/ses';
}

/** Decides the route from headers only, so bodies can still be streamed (S3, DynamoDB). */
export function routeRequest(req: IncomingMessage): Route {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.length > 0) return targetRoute(target);
  const scope = credentialScope(req);
  if (!scope && isHealthProbe(req)) return { kind: 'health' };
  if (!scope && isMailboxRead(req)) return { kind: 'mailbox' };
  switch (scope?.service) {
    case 'sns':
    case 'sts':
    case 'sqs':
      return { kind: 'query', service: scope.service };
    case 'ses':
      // SES v1 is awsQuery; v2 is restJson under /v2/email/ (both sign as `ses`).
      return (req.url ?? '').startsWith('/v2/email/') ? { kind: 'sesv2' } : { kind: 'query', service: 'ses' };
    case 's3':
      return { kind: 's3' };
    case 'events':
    case 'ssm':
    case 'secretsmanager':
    case 'kms':
    case 'ecs':
    case 'ecr':
    case 'logs':
    case 'dynamodb':
      return {
        kind: 'reject',
        service: scope.service,
        code: 'UnknownOperationException',
        message: `Request for ${scope.service} has no X-Amz-Target header.`,
      };
    case undefined:
      break; // no credential scope: decided below from the method and content type
  }
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded'))
    return { kind: 'form', scope };
  return { kind: 's3' };
}

const STS_ACTIONS = new Set([
  'GetCallerIdentity',
  'AssumeRole',
  'GetSessionToken',
  'AssumeRoleWithWebIdentity',
  'GetAccessKeyInfo',
]);
const SQS_ACTIONS = new Set([
  'CreateQueue',
  'GetQueueUrl',
  'ListQueues',
  'DeleteQueue',
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'PurgeQueue',
  'GetQueueAttributes',
  'SetQueueAttributes',
]);

const SES_ACTIONS = new Set(['SendEmail', 'SendRawEmail']);

/** Unsigned form posts: route by the `Action` name; undefined means "not an API call". */
export function serviceForAction(action: string | undefined): QueryServiceId | undefined {
  if (!action) return undefined;
  if (STS_ACTIONS.has(action)) return 'sts';
  if (SES_ACTIONS.has(action)) return 'ses';
  if (SQS_ACTIONS.has(action)) return 'sqs';
  return 'sns';
}
