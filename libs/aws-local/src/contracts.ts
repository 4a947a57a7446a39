/**
 * Contracts shared by the emulated services inside the local AWS endpoint. The HTTP edge
 * (server.ts) decodes a request, routes it to one `JsonService` or `QueryService`, and encodes
 * the result or the `AwsError` in that service's wire protocol.
 */

import { LavaError } from '@lava/errors';
/** Who and where a request is for; state is kept per (account, region). */
export interface RequestContext {
  region: string;
  account: string;
  /** `Host` header of the request: queue URLs must use it (the SDK routes by QueueUrl origin). */
  host: string;
  protocol: 'http' | 'https';
  /** Aborted when the client goes away; long polls stop waiting (and dequeue nothing). */
  signal?: AbortSignal;
  /** Caller's IP address (S3 event `source-ip-address`). */
  sourceIp?: string;
}

/** An error in AWS's shape. `code` is the JSON `__type` short name the SDK maps to an exception class. */
export class AwsError extends LavaError {
  override readonly name = 'AwsError';
  constructor(
    code: string,
    message: string,
    readonly status = 400,
    /** awsQuery-compatible code (SQS `x-amzn-query-error`, SNS/STS `<Code>`), when it differs from `code`. */
    readonly queryCode?: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(code, message, { retryable: fault === 'Receiver' });
  }
}

/**
 * Runs `operation` from a service's table of operations (`call` applies the table's function to
 * the request): a name missing from the table rejects with UnknownOperationException, and an
 * operation that throws rejects with its error, so the edge encodes both alike.
 */
export function callOperation<Operation>(
  service: string,
  operations: Readonly<Record<string, Operation>>,
  operation: string,
  call: (op: Operation) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const op = operations[operation];
  if (!op) {
    const message = `${service} operation ${operation} is not implemented by lava-aws-local.`;
    return Promise.reject(new AwsError('UnknownOperationException', message));
  }
  try {
    return Promise.resolve(call(op));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A service spoken over awsJson (SQS, EventBridge, SSM, Secrets Manager). */
export interface JsonService {
  /** Operation name as in `X-Amz-Target: Prefix.<Operation>`; unknown ones throw AwsError (400). */
  handle(
    operation: string,
    input: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>>;
}

/** Delivery into SQS for other emulated services (EventBridge targets, SNS subscriptions). */
export interface SqsDelivery {
  /** Throws AwsError('QueueDoesNotExist') when no queue has that ARN. */
  sendToQueueArn(
    arn: string,
    body: string,
    options?: {
      messageGroupId?: string;
      messageDeduplicationId?: string;
      messageAttributes?: Record<string, SqsMessageAttribute>;
    },
  ): Promise<void>;
}

export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** An event raised inside the endpoint (e.g. S3 `Object Created`) to be put on a bus. */
export interface InternalEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  /** Defaults to `default`. */
  eventBusName?: string;
  time?: Date;
}

/** How the S3 front end hands events to EventBridge. */
export interface EventSink {
  putInternalEvents(ctx: Pick<RequestContext, 'region' | 'account'>, events: InternalEvent[]): Promise<void>;
}

/** A service whose state can be saved to and restored from the data directory. */
export interface Persistable {
  snapshot(): unknown;
  restore(data: unknown): void;
}
