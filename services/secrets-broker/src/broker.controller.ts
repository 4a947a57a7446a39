import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { TRACEPARENT_PATTERN } from '@lava/core';
import { SecretsBroker } from './secrets-broker.service';

/** The part of the HTTP response the controller touches (express underneath). */
interface ReplyHeaders {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** Request body: which realm and worker ask (checked against the grant), plus the caller's own job/run ids. */
interface ReleaseBody {
  realm?: unknown;
  worker?: unknown;
  job_id?: unknown;
  run_id?: unknown;
}

export const BROKER_API_PREFIX = 'v1/connections';
/** The worker's signature over the request (see @lava/grants `signWorkerRequest`). */
export const WORKER_SIGNATURE_HEADER = 'x-lava-worker-signature';

/**
 * `POST /v1/connections/:conn_id` with `Authorization: Bearer <run grant>` and
 * `X-Lava-Worker-Signature`; the body names realm, worker, job_id and run_id. 200 with
 * `{ conn_id, connection }` or an error status with `{ code, message }` (never a secret).
 */
@Controller(BROKER_API_PREFIX)
export class BrokerController {
  constructor(@Inject(SecretsBroker) private readonly broker: SecretsBroker) {}

  @Post(':conn_id')
  @HttpCode(200)
  async release(
    @Param('conn_id') connId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers(WORKER_SIGNATURE_HEADER) signature: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Body() body: ReleaseBody | undefined,
    @Res({ passthrough: true }) reply: ReplyHeaders,
  ): Promise<Record<string, unknown>> {
    reply.setHeader('Cache-Control', 'no-store');
    const outcome = await this.broker.release({
      connId,
      grant: bearer(authorization),
      realm: str(body?.realm) ?? '',
      worker: str(body?.worker) ?? '',
      jobId: str(body?.job_id),
      runId: str(body?.run_id),
      signature,
      traceparent: traceparent && TRACEPARENT_PATTERN.test(traceparent) ? traceparent : undefined,
    });
    if (outcome.released) return { conn_id: connId, connection: outcome.connection };
    reply.status(outcome.status);
    return { code: outcome.code, message: outcome.message };
  }
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
