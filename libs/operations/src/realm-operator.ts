import {
  buildLavaEvent,
  LAVA_SOURCES,
  parseJsonRequest,
  prepareDispatch,
  type LavaEventEntry,
  type OperatorActionDetail,
  type OperatorActionKind,
} from '@lava/core';
import { InvalidRequestError, RecordNotFoundError, StateConflictError } from './errors';
import type { OperationsPorts } from './ports';
import type { Principal } from './roles';

/** Body of `POST /jobs/{job_id}/dispatch`: the original dispatch helper's JSON request, minus job_id. */
export interface DispatchInput {
  parameters?: unknown;
  globals?: unknown;
  /** Seconds or a duration (`90s`, `5m`), 0-15 minutes. */
  delay?: unknown;
  deep_merge?: unknown;
}

/** What an accepted dispatch or retry returns. */
export interface DispatchAccepted {
  job_id: string;
  run_id: string;
  idempotency_key: string;
}

/** The sources that may publish `Operator Action`. */
export type OperatorSource = typeof LAVA_SOURCES.api | typeof LAVA_SOURCES.cli;

/** Runs in these statuses may be retried (dispatched again). */
export const RETRYABLE_STATUSES: readonly string[] = ['failed', 'rejected', 'action_failed'];

/**
 * The operating side of the HTTP API: dispatch, retry, pause and resume. Each accepted action
 * publishes its `Operator Action` audit event in the same PutEvents call as its effect (a
 * dispatch), or right after it (a pause), so the audit logger records who did what.
 */
export class RealmOperator {
  /**
   * @param source who publishes the audit events: `lava.api` (default) or `lava.cli` when an
   * operator pauses or resumes from the command line.
   */
  constructor(
    private readonly ports: OperationsPorts,
    private readonly source: OperatorSource = LAVA_SOURCES.api,
  ) {}

  async dispatch(who: Principal, jobId: string, input: DispatchInput): Promise<DispatchAccepted> {
    const request = parseRequest(jobId, input);
    if (!(await this.ports.jobs.get(jobId))) throw new RecordNotFoundError('job', jobId);
    const prepared = prepareDispatch(request, {
      realm: this.ports.realm,
      source: LAVA_SOURCES.api,
      requestedBy: `lava-api:${who.name}`,
      deep: input.deep_merge === true,
    });
    const { run_id } = prepared;
    await this.ports.bus.publish([
      prepared.entry,
      this.audit(who, 'dispatch', { outcome: 'accepted', job_id: jobId, run_id }),
    ]);
    return { job_id: jobId, run_id, idempotency_key: prepared.idempotency_key };
  }

  /**
   * Dispatches a failed run's job again, with the job's stored parameters: the events table
   * does not keep a run's request parameters, so a retry cannot repeat them (pass `input` to
   * give them again).
   */
  async retry(who: Principal, runId: string, input: DispatchInput = {}): Promise<DispatchAccepted> {
    const items = await this.ports.runs.findByRunId(runId);
    const run = items.find((i) => i.log?.some((e) => e.status === 'dispatched')) ?? items[0];
    if (!run) throw new RecordNotFoundError('run', runId);
    if (!RETRYABLE_STATUSES.includes(String(run.status)))
      throw new StateConflictError(
        `run ${runId} is ${run.status ?? 'unknown'}: only failed runs are retried`,
        {
          status: run.status,
        },
      );
    const request = parseRequest(run.job_id, input);
    const prepared = prepareDispatch(request, {
      realm: this.ports.realm,
      source: LAVA_SOURCES.api,
      requestedBy: `lava-api:${who.name} (retry of ${runId})`,
    });
    await this.ports.bus.publish([
      prepared.entry,
      this.audit(who, 'retry', {
        outcome: 'accepted',
        job_id: run.job_id,
        run_id: prepared.run_id,
        retry_of: runId,
      }),
    ]);
    return { job_id: run.job_id, run_id: prepared.run_id, idempotency_key: prepared.idempotency_key };
  }

  async pause(
    who: Principal,
    dispatcher: string,
    reason?: string,
  ): Promise<{ dispatcher: string; paused: true }> {
    checkDispatcherName(dispatcher);
    await this.ports.pauses.store(dispatcher, {
      dispatcher,
      paused_at: this.ports.clock().toISOString(),
      paused_by: who.name,
      ...(reason ? { reason } : {}),
    });
    await this.ports.bus.publish([
      this.audit(who, 'pause', { outcome: 'accepted', dispatcher, ...(reason ? { reason } : {}) }),
    ]);
    return { dispatcher, paused: true };
  }

  async resume(who: Principal, dispatcher: string): Promise<{ dispatcher: string; paused: false }> {
    checkDispatcherName(dispatcher);
    if (!(await this.ports.pauses.remove(dispatcher)))
      throw new StateConflictError(`dispatcher ${dispatcher} is not paused`, { dispatcher });
    await this.ports.bus.publish([this.audit(who, 'resume', { outcome: 'accepted', dispatcher })]);
    return { dispatcher, paused: false };
  }

  /** Records an operating request that was refused before it did anything (e.g. a reader dispatching). */
  async refused(
    who: Principal,
    action: OperatorActionKind,
    target: { job_id?: string; run_id?: string; dispatcher?: string },
    code: string,
  ): Promise<void> {
    // A refused retry names the run it targeted as `retry_of`: it made no run of its own.
    const { run_id, ...rest } = target;
    const names = action === 'retry' && run_id ? { ...rest, retry_of: run_id } : target;
    await this.ports.bus.publish([this.audit(who, action, { outcome: 'refused', code, ...names })]);
  }

  private audit(
    who: Principal,
    action: OperatorActionKind,
    fields: Partial<OperatorActionDetail> & Pick<OperatorActionDetail, 'outcome'>,
  ): LavaEventEntry {
    const detail = {
      realm: this.ports.realm,
      action,
      principal: who.name,
      role: who.role,
      ts_event: this.ports.clock().toISOString(),
      ...fields,
    };
    return buildLavaEvent('Operator Action', detail, { source: this.source });
  }
}

function parseRequest(jobId: string, input: DispatchInput) {
  try {
    const { deep_merge: _deep, ...rest } = input ?? {};
    return parseJsonRequest({ ...rest, job_id: jobId });
  } catch (err) {
    throw new InvalidRequestError((err as Error).message);
  }
}

function checkDispatcherName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new InvalidRequestError(`bad dispatcher name: ${JSON.stringify(name).slice(0, 80)}`);
}
