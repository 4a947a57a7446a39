import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LavaError, ValidationError } from '@lava/core';
import type { Logger } from '@lava/logging';
import { OperationsError } from '@lava/operations';

/** The one error body of the API. */
export interface ErrorBody {
  code: string;
  message: string;
}

interface Reply {
  status(code: number): Reply;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Status and body of any error: typed errors keep their code; anything unknown is a 500 with no detail. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof OperationsError)
    return { status: err.status, body: { code: err.code, message: err.message } };
  if (err instanceof ValidationError) return { status: 400, body: { code: err.code, message: err.message } };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    return { status, body: { code: HTTP_CODES[status] ?? `HTTP_${status}`, message: err.message } };
  }
  if (err instanceof LavaError && err.retryable)
    return { status: 503, body: { code: err.code, message: 'the realm is unavailable; try again' } };
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}

/** Maps every thrown error to `{ code, message }` with its HTTP status; 5xx are logged. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const { status, body } = errorResponse(err);
    if (status >= 500) this.logger.error('request failed', { error: err as Error, code: body.code });
    const reply = host.switchToHttp().getResponse<Reply>();
    if (status === 401) reply.setHeader('WWW-Authenticate', 'Bearer realm="lava"');
    reply.status(status).json(body);
  }
}
