import type { ResolvedConnection } from '@lava/connectors';
import { NO_TELEMETRY, type Telemetry } from '@lava/core';
import type { Logger } from '@lava/logging';
import { BrokerRefusedError, type BrokerRefusal } from './errors';
import type { ConnectionResolver } from './connection.resolver';
import { decideRelease, type DecisionDeps, type ReleaseRequest } from './release-decision';
import type { SecretEvents, SecretRequester } from './secret-events';

/**
 * A request as the API received it. `jobId`/`runId` are the caller's word: `jobId` selects an
 * in-process child the grant names; both name the requester when the grant is unusable.
 */
export type BrokerRequest = ReleaseRequest;

export type BrokerOutcome =
  | { released: true; connection: ResolvedConnection }
  | { released: false; status: number; code: BrokerRefusal | 'INTERNAL'; message: string };

/**
 * The broker's one use case: check the grant, resolve the connection, audit the outcome.
 * Every release and every refusal publishes an event; when the bus is down the release is
 * refused too, because an unaudited secret access must not happen. Each request is a
 * `lava.broker.release` span (in the run's trace when the worker sent its traceparent) and one
 * `lava.broker.releases` count by outcome: `released`, `denied` or `failed`.
 */
export class SecretsBroker {
  constructor(
    private readonly decision: DecisionDeps,
    private readonly resolver: ConnectionResolver,
    private readonly events: SecretEvents,
    private readonly logger: Logger,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {}

  async release(request: BrokerRequest): Promise<BrokerOutcome> {
    const attributes = {
      'lava.realm': request.realm,
      'lava.conn_id': request.connId,
      'lava.worker': request.worker,
    };
    return this.telemetry.span(
      'lava.broker.release',
      attributes,
      async () => {
        const outcome = await this.decide(request);
        const result = outcome.released ? 'released' : outcome.code === 'INTERNAL' ? 'failed' : 'denied';
        this.telemetry.annotate({
          'lava.outcome': result,
          ...(outcome.released ? {} : { 'lava.code': outcome.code }),
        });
        this.telemetry.record('brokerReleases', 1, {
          realm: request.realm,
          outcome: result,
          ...(outcome.released ? {} : { code: outcome.code }),
        });
        return outcome;
      },
      request.traceparent,
    );
  }

  private async decide(request: BrokerRequest): Promise<BrokerOutcome> {
    const who: SecretRequester = {
      realm: request.realm,
      connId: request.connId,
      worker: request.worker,
      jobId: request.jobId,
      runId: request.runId,
    };
    try {
      const decision = await decideRelease(request, this.decision);
      if (!decision.allowed) {
        if (decision.claims)
          Object.assign(who, {
            worker: decision.claims.worker,
            jobId: decision.claims.job_id,
            runId: decision.claims.run_id,
          });
        return await this.refuse(who, new BrokerRefusedError(decision.code, decision.reason));
      }
      Object.assign(who, {
        worker: decision.claims.worker,
        jobId: decision.claims.job_id,
        runId: decision.claims.run_id,
      });
      this.telemetry.annotate({ 'lava.job_id': who.jobId, 'lava.run_id': who.runId });
      const connection = await this.resolver.resolve(request.connId);
      await this.events.accessed(decision.claims, request.connId, connection.type);
      this.logger.info('secret released', {
        conn_id: request.connId,
        job_id: who.jobId,
        run_id: who.runId,
        worker: who.worker,
        connection_type: connection.type,
      });
      return { released: true, connection };
    } catch (err) {
      if (err instanceof BrokerRefusedError) return this.refuse(who, err);
      // Unknown failure (bus, DynamoDB): log only its name and code, the message may come from a driver.
      const e = err as { name?: string; code?: string };
      this.logger.error('secret request failed', {
        conn_id: request.connId,
        run_id: who.runId,
        error_name: e.name,
        error_code: e.code,
      });
      return {
        released: false,
        status: 503,
        code: 'INTERNAL',
        message: `connection ${request.connId}: the secrets broker could not complete the request (${e.name ?? 'Error'})`,
      };
    }
  }

  private async refuse(who: SecretRequester, refusal: BrokerRefusedError): Promise<BrokerOutcome> {
    this.logger.warn('secret request refused', {
      conn_id: who.connId,
      job_id: who.jobId,
      run_id: who.runId,
      worker: who.worker,
      code: refusal.code,
      reason: refusal.message,
    });
    try {
      await this.events.denied(who, refusal.code, refusal.message);
    } catch (err) {
      this.logger.error('Secret Denied event could not be published', {
        conn_id: who.connId,
        error_name: (err as Error).name,
      });
    }
    return { released: false, status: refusal.status, code: refusal.code, message: refusal.message };
  }
}
