import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsError } from '../contracts';

/** Services spoken over awsJson whose errors also carry the awsQuery code (SQS's awsQueryCompatible trait). */
export type JsonErrorStyle = 'plain' | 'sqs';

/** Writes a successful awsJson response: same content type as the request, a request id, the JSON body. */
export function writeJson(res: ServerResponse, contentType: string, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(payload);
}

/**
 * Writes an AwsError in the awsJson shape. SQS errors get the `com.amazonaws.sqs#` namespace and the
 * `x-amzn-query-error` header, because the SDK copies that header into `err.Code`.
 */
export function writeJsonError(
  res: ServerResponse,
  contentType: string,
  error: AwsError,
  style: JsonErrorStyle,
): void {
  const type = style === 'sqs' ? `com.amazonaws.sqs#${error.code}` : error.code;
  const payload = JSON.stringify({ __type: type, message: error.message });
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  };
  if (style === 'sqs') headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${error.fault}`;
  res.writeHead(error.status, headers);
  res.end(payload);
}

/** Turns anything thrown by a service into an AwsError; unexpected exceptions become 500 InternalFailure. */
export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError(
    'InternalFailure',
    `Internal error in lava-aws-local: ${message}`,
    500,
    'InternalFailure',
    'Receiver',
  );
}
