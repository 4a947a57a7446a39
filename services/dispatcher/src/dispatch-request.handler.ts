import { ACK, type MessageDisposition } from '@lava/aws';
import {
  buildLavaEvent,
  buildRunMessage,
  childJobIds,
  LAVA_SOURCES,
  NO_TELEMETRY,
  toLegacyRunMessage,
  type FleetRecord,
  type JsonMap,
  type Telemetry,
} from '@lava/core';
import { signRunGrant } from '@lava/grants';
import type { Logger } from '@lava/logging';
import { readDispatchBody, type InboundRequest, type Rejection } from './dispatch-body';
import type { ClaimOutcome } from './dispatch-claims';
import { planDispatch, rejection, type DispatchLimits, type RunSend } from './dispatch-plan';
import { DISPATCH_REJECTION_CODES as CODES } from './errors';
import type { GrantKey } from '@lava/grants';
import type { DispatchOutbox } from './run-sender';
import { boundedId, exceededLimit, oversizedMessage } from './request-limits';

/** Child jobs a grant names at most (a grant travels in every run message). */
const MAX_GRANT_JOBS = 200;

/** The ports the handler works through (AWS adapters in production, fakes in unit tests). */
export interface DispatchPorts {
  jobs: { get(jobId: string): Promise<Record<string, unknown> | undefined> };
  queues: { resolve(name: string): Promise<string | undefined> };
  claims: { claim(key: string, runId: string, delivery: string): Promise<ClaimOutcome> };
  grantKey: () => GrantKey;
  outbox: Pick<DispatchOutbox, 'send' | 'publish'>;
  /** Fleet records, checked before a fleet-mode parent is sent again (absent: such requests are refused). */
  fleets?: { get(parentRunId: string): Promise<FleetRecord | undefined> };
}

export interface DispatchHandlerOptions {
  realm: string;
  /** URL of `lava-<realm>-dispatch` (deferred hops go back there). */
  dispatchQueueUrl: string;
  realmRecord?: Record<string, unknown>;
  limits: DispatchLimits;
  deepMergeDefault: boolean;
  tz: string;
  clock: () => Date;
  logger: Logger;
  /** The dispatch span, parent of the run's spans on the worker (default: off). */
  telemetry?: Telemetry;
}

/**
 * Handles one dispatch-queue message: every request in it is dispatched, deferred or rejected,
 * each independently. Rejections are published and logged, and the message is acknowledged, so
 * a poison message never blocks the queue. Only AWS failures throw (the message is redelivered;
 * run_ids are stable across redelivery and idempotency claims are re-entrant for them).
 */
export class DispatchRequestHandler {
  private readonly telemetry: Telemetry;

  constructor(
    private readonly opts: DispatchHandlerOptions,
    private readonly ports: DispatchPorts,
  ) {
    this.telemetry = opts.telemetry ?? NO_TELEMETRY;
  }

  async handle(message: { body: string; messageId: string }): Promise<MessageDisposition> {
    const { requests, rejections } = readDispatchBody(message.body, {
      realm: this.opts.realm,
      messageId: message.messageId,
    });
    await Promise.all([
      ...rejections.map((r) => this.publishRejection(r, message.messageId)),
      ...requests.map((r, i) => this.dispatchRequest(r, message.messageId, `${message.messageId}/${i}`)),
    ]);
    return ACK;
  }

  /**
   * Dispatches, defers or rejects one request (also the trigger consumer's way in). `delivery`
   * names this copy of the request (message id and position) for the idempotency claim.
   */
  dispatchRequest(request: InboundRequest, messageId: string, delivery: string): Promise<void> {
    const attributes = {
      'lava.realm': this.opts.realm,
      'lava.job_id': request.job_id,
      'lava.run_id': request.run_id,
    };
    return this.telemetry.span(
      'lava.dispatch',
      attributes,
      () => this.dispatchOne(request, messageId, delivery),
      request.traceparent,
    );
  }

  private async dispatchOne(inbound: InboundRequest, messageId: string, delivery: string): Promise<void> {
    const resumed = inbound.fleet_resume ? await this.fleetResume(inbound) : { request: inbound };
    if ('rejection' in resumed) return this.publishRejection(resumed.rejection, messageId);
    const request = resumed.request;
    const overLimit = exceededLimit(request);
    if (overLimit)
      return this.publishRejection(rejection(request, CODES.LIMIT_EXCEEDED, overLimit), messageId);
    const now = this.opts.clock();
    const job = await this.ports.jobs.get(request.job_id);
    const plan = planDispatch({
      realm: this.opts.realm,
      request,
      job,
      realmRecord: this.opts.realmRecord,
      now,
      limits: this.opts.limits,
      deepMergeDefault: this.opts.deepMergeDefault,
      tz: this.opts.tz,
    });
    if (plan.kind === 'reject') return this.publishRejection(plan.rejection, messageId);
    const log = this.opts.logger.child({ job_id: request.job_id, run_id: request.run_id });
    if (plan.kind === 'defer') {
      const tooLarge = oversizedMessage('deferred dispatch', plan.body);
      if (tooLarge)
        return this.publishRejection(rejection(request, CODES.LIMIT_EXCEEDED, tooLarge), messageId);
      await this.ports.outbox.send({
        queueUrl: this.opts.dispatchQueueUrl,
        body: plan.body,
        delaySeconds: plan.delaySeconds,
      });
      log.info('dispatch deferred', {
        due_at: new Date(plan.dueAt).toISOString(),
        hop_seconds: plan.delaySeconds,
      });
      return;
    }
    const queueUrl = await this.ports.queues.resolve(plan.send.queueName);
    if (!queueUrl) {
      const reason = `Worker queue ${plan.send.queueName} does not exist (QueueDoesNotExist)`;
      return this.publishRejection(rejection(request, CODES.UNKNOWN_WORKER_QUEUE, reason), messageId);
    }
    const children = await this.inProcessChildren(job ?? {});
    if (children.length) plan.send.claims.job_ids = children;
    const body = this.runMessage(request, plan.send);
    const tooLarge = oversizedMessage('run message', body);
    if (tooLarge) return this.publishRejection(rejection(request, CODES.LIMIT_EXCEEDED, tooLarge), messageId);
    if (request.idempotency_key) {
      const claim = await this.ports.claims.claim(request.idempotency_key, request.run_id, delivery);
      if (claim.kind === 'duplicate') {
        log.info('duplicate dispatch dropped', {
          idempotency_key: request.idempotency_key,
          first_run_id: claim.run_id,
          message_id: messageId,
        });
        return;
      }
    }
    await this.send(request, plan.send, queueUrl, body);
    log.info('dispatched', {
      worker: plan.send.worker,
      delay_seconds: plan.send.delaySeconds,
      requested_by: request.requested_by,
    });
  }

  /**
   * A fleet-mode parent sent again once its children are done. Only the fleet record is trusted:
   * it must be final and belong to the named job, and it supplies the run's maps and `tries`.
   * Whoever may publish `Dispatch Requested` can thus only resume a parent that is due anyway.
   */
  private async fleetResume(
    request: InboundRequest,
  ): Promise<{ request: InboundRequest } | { rejection: Rejection }> {
    const record = await this.ports.fleets?.get(request.run_id);
    if (!record?.final || record.parent_job_id !== request.job_id) {
      const reason = `Run ${request.run_id} of ${request.job_id} is no fleet-mode parent whose children are done`;
      return { rejection: rejection(request, CODES.FLEET_RESUME_REFUSED, reason) };
    }
    const { parameters = {}, globals = {}, tries } = record.resume;
    return {
      request: {
        ...request,
        parameters: parameters as JsonMap,
        globals: globals as JsonMap,
        resume_tries: tries,
      },
    };
  }

  /** The worker-queue body of a run (its grant signed now). */
  private runMessage(request: InboundRequest, send: RunSend): string {
    const message = buildRunMessage(
      {
        realm: this.opts.realm,
        worker: send.worker,
        job_id: request.job_id,
        run_id: request.run_id,
        ts_dispatch: send.tsDispatch,
        parameters: send.parameters,
        globals: send.globals,
        grant: signRunGrant(send.claims, this.ports.grantKey()),
        ...(request.idempotency_key ? { idempotency_key: request.idempotency_key } : {}),
        // A resumed fleet parent continues its iteration (the worker reads `tries` as done).
        ...(request.resume_tries !== undefined ? { tries: request.resume_tries } : {}),
      },
      { tz: this.opts.tz },
    );
    // A fleet of the original's workers refuses (and deletes) messages with extension keys.
    return JSON.stringify(send.legacy ? toLegacyRunMessage(message) : message);
  }

  private async send(request: InboundRequest, send: RunSend, queueUrl: string, body: string): Promise<void> {
    const traceparent = this.telemetry.traceparent();
    await this.ports.outbox.send({ queueUrl, body, delaySeconds: send.delaySeconds, traceparent });
    const detail = {
      realm: this.opts.realm,
      job_id: request.job_id,
      run_id: request.run_id,
      worker: send.worker,
      status: 'dispatched' as const,
      ts_dispatch: send.tsDispatch,
      queue: send.queueName,
      delay_seconds: send.delaySeconds,
      conn_ids: send.claims.conn_ids,
      ...(send.legacy ? { legacy_worker: true } : {}),
      ...(request.idempotency_key ? { idempotency_key: request.idempotency_key } : {}),
      ...(request.requested_by !== undefined ? { requested_by: request.requested_by } : {}),
      ...(traceparent ? { traceparent } : {}),
    };
    await this.ports.outbox.publish(
      buildLavaEvent('Job Dispatched', detail, { source: LAVA_SOURCES.dispatcher }),
    );
  }

  /**
   * Every job `job` runs in process (chain, foreach, dag members, transitively): the grant lets
   * the broker consult their records, so each child gets the connections it names itself.
   */
  private async inProcessChildren(job: Record<string, unknown>): Promise<string[]> {
    const seen = new Set<string>([String(job.job_id)]);
    let frontier = childJobIds(job);
    while (frontier.length && seen.size <= MAX_GRANT_JOBS) {
      const fresh = frontier.filter((id) => !seen.has(id));
      fresh.forEach((id) => seen.add(id));
      const records = await Promise.all(fresh.map((id) => this.ports.jobs.get(id)));
      frontier = records.flatMap((r) => (r ? childJobIds(r) : []));
    }
    seen.delete(String(job.job_id));
    return [...seen].slice(0, MAX_GRANT_JOBS);
  }

  /** Publishes a `Dispatch Rejected` event and logs it. */
  async publishRejection(rejected: Rejection, messageId: string): Promise<void> {
    // Oversized ids were the reason for some rejections: the event carries a bounded prefix.
    const r = {
      ...rejected,
      job_id: boundedId(rejected.job_id),
      ...(rejected.idempotency_key ? { idempotency_key: boundedId(rejected.idempotency_key) } : {}),
    };
    const detail = {
      realm: this.opts.realm,
      status: 'rejected' as const,
      ts_event: this.opts.clock().toISOString(),
      ...r,
    };
    await this.ports.outbox.publish(
      buildLavaEvent('Dispatch Rejected', detail, { source: LAVA_SOURCES.dispatcher }),
    );
    this.opts.logger.warn('dispatch rejected', { ...r, message_id: messageId });
  }
}
