import { NO_TELEMETRY, STATUS, type RunEventSink, type RunLedger, type Telemetry } from '@lava/core';
import type { RunMessage } from '@lava/core';
import type { Logger } from '@lava/logging';
import { intake, type IntakeDeps } from './intake';
import type { JobRunner } from './job-runner';
import { RunLease } from './run-lease';
import { RunAbortedError } from './sleep';

/** One worker-queue message as the transport hands it over. */
export interface RunQueueMessage {
  body: string;
  receiveCount: number;
  messageId: string;
  /** W3C traceparent from the message attributes (set by the dispatcher when tracing is on). */
  traceparent?: string;
}

/** What the transport does with the message (same shape as @lava/aws MessageDisposition). */
export type RunDisposition =
  | { kind: 'ack' }
  | { kind: 'release'; delaySeconds: number }
  | { kind: 'requeue'; body: string; delaySeconds: number };

export interface RunMessageHandlerDeps extends IntakeDeps {
  runner: JobRunner;
  ledger: RunLedger;
  events: RunEventSink;
  /** Identifies this worker process in the run ledger (host:pid:uuid). */
  owner: string;
  /** Run lease length, renewed while the run goes on (seconds). */
  leaseSeconds: number;
  clock: () => Date;
  logger: Logger;
  /** The run's spans and run counts (default: off). */
  telemetry?: Telemetry;
}

/**
 * One worker-queue message from receipt to acknowledgement: intake, exactly-once claim on the
 * run_id, the run itself, and the disposition. A run already finished is never run again on
 * redelivery; a duplicate delivery of a run in progress elsewhere waits for that run.
 */
export class RunMessageHandler {
  private readonly telemetry: Telemetry;

  constructor(private readonly deps: RunMessageHandlerDeps) {
    this.telemetry = deps.telemetry ?? NO_TELEMETRY;
  }

  /** Handles one message inside the run's span, a child of the dispatcher's (`traceparent`). */
  handle(message: RunQueueMessage, signal: AbortSignal): Promise<RunDisposition> {
    const attributes = { 'lava.realm': this.deps.realm, 'lava.worker': this.deps.worker };
    return this.telemetry.span(
      'lava.run',
      attributes,
      () => this.handleMessage(message, signal),
      message.traceparent,
    );
  }

  private async handleMessage(message: RunQueueMessage, signal: AbortSignal): Promise<RunDisposition> {
    const decision = await this.telemetry.span('lava.intake', {}, () =>
      intake(message.body, message.receiveCount, message.messageId, this.deps),
    );
    const ids = decision.kind === 'run' ? decision.job : decision;
    this.telemetry.annotate({ 'lava.job_id': ids.job_id, 'lava.run_id': ids.run_id });
    if (decision.kind === 'reject') {
      this.countRun(STATUS.rejected);
      this.deps.logger.warn('run message rejected', {
        job_id: decision.job_id,
        run_id: decision.run_id,
        reason: decision.reason,
        code: decision.code,
      });
      await this.deps.events.record({
        job_id: decision.job_id,
        run_id: decision.run_id,
        status: STATUS.rejected,
        info: decision.reason,
        ts_dispatch: decision.ts_dispatch ?? this.deps.clock().toISOString(),
        ts_event: this.deps.clock(),
      });
      await this.deps.events.settle?.(decision.run_id);
      return { kind: 'ack' };
    }
    const { job, message: runMessage } = decision;
    const claimedUntil = this.leaseUntil();
    const claim = await this.deps.ledger.claim(job.run_id, this.deps.owner, claimedUntil);
    if (claim.outcome === 'finished') {
      this.deps.logger.info('run already finished; duplicate delivery acknowledged', {
        job_id: job.job_id,
        run_id: job.run_id,
        status: claim.status,
      });
      return { kind: 'ack' };
    }
    if (claim.outcome === 'busy') {
      const wait = Math.max(1, Math.ceil((claim.leaseUntil.getTime() - this.deps.clock().getTime()) / 1000));
      return { kind: 'release', delaySeconds: Math.min(wait, 60) };
    }
    const lease = new RunLease({
      ledger: this.deps.ledger,
      runId: job.run_id,
      owner: this.deps.owner,
      fence: claim.fence,
      leaseMs: this.deps.leaseSeconds * 1000,
      claimedUntil,
      clock: this.deps.clock,
      logger: this.deps.logger,
    });
    return this.runClaimed(decision.job, runMessage, decision.resumeIteration, signal, lease);
  }

  private async runClaimed(
    job: Parameters<JobRunner['runTopLevel']>[0]['job'],
    runMessage: RunMessage,
    resumeIteration: number,
    signal: AbortSignal,
    lease: RunLease,
  ): Promise<RunDisposition> {
    const { ledger, owner } = this.deps;
    lease.start();
    try {
      // Worker shutdown or a lease about to lapse both stop the job (its process group is killed).
      const runSignal = AbortSignal.any([signal, lease.signal]);
      const outcome = await this.deps.runner.runTopLevel({
        job,
        grant: runMessage.grant,
        resumeIteration,
        signal: runSignal,
        message: runMessage,
        resumed: runMessage.tries !== undefined,
      });
      // Every lifecycle event is on the bus before the run is marked finished and acknowledged.
      await this.deps.events.settle?.(job.run_id);
      if (!outcome.resumeAt && !outcome.parked) this.countRun(outcome.status);
      if (outcome.parked) {
        // Not finished: the coordinator sends the stored run message back when the children end,
        // and that delivery must be able to claim the run.
        await ledger.extend(job.run_id, owner, lease.fence, new Date(0));
        return { kind: 'ack' };
      }
      if (outcome.resumeAt) {
        await ledger.extend(job.run_id, owner, lease.fence, new Date(0));
        const body = JSON.stringify({
          ...runMessage,
          schema_version: 2,
          tries: outcome.resumeAt.iteration - 1,
        });
        return { kind: 'requeue', body, delaySeconds: outcome.resumeAt.delaySeconds };
      }
      if (!(await ledger.finish(job.run_id, owner, lease.fence, outcome.status))) {
        // The fence moved: another attempt claimed the run after this one's lease lapsed. That
        // attempt owns the outcome; this delivery is acknowledged without recording one.
        this.deps.logger.error(
          'run finished after its lease was taken over; outcome left to the newer attempt',
          {
            job_id: job.job_id,
            run_id: job.run_id,
            fence: lease.fence,
            status: outcome.status,
          },
        );
      }
      return { kind: 'ack' };
    } catch (err) {
      const context = { job_id: job.job_id, run_id: job.run_id, fence: lease.fence };
      await this.deps.events.settle?.(job.run_id).catch((error: unknown) => {
        // The run's own failure is what the caller sees; an undelivered event is logged beside it.
        this.deps.logger.error('run events not all delivered', { ...context, error: error as Error });
      });
      if (!(err instanceof RunAbortedError)) throw err;
      // Shutdown, or a lease that could not be renewed: give the run back (if this claim still
      // holds it) so another worker resumes it now rather than at lease expiry. If the release
      // fails, the lease simply runs out and the message comes back after `delaySeconds` anyway.
      await ledger.extend(job.run_id, owner, lease.fence, new Date(0)).catch((error: unknown) => {
        this.deps.logger.warn('run lease release failed; the run resumes when the lease expires', {
          ...context,
          lost: lease.lost,
          error: error as Error,
        });
      });
      return { kind: 'release', delaySeconds: 0 };
    } finally {
      lease.stop();
    }
  }

  private countRun(status: string): void {
    this.telemetry.record('runs', 1, { realm: this.deps.realm, worker: this.deps.worker, status });
  }

  private leaseUntil(): Date {
    return new Date(this.deps.clock().getTime() + this.deps.leaseSeconds * 1000);
  }
}
