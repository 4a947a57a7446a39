import {
  advanceFleet,
  fleetDispatch,
  settleFleetChild,
  type ChildDispatch,
  type FleetChildOutcome,
  type FleetRecord,
  type ParsedLavaEvent,
} from '@lava/core';
import type { Logger } from '@lava/logging';

/** What the coordinator reads and writes (DynamoFleetStore in production). */
export interface FleetRecords {
  parentOf(childRunId: string): Promise<string | undefined>;
  get(parentRunId: string): Promise<FleetRecord | undefined>;
  /** Writes the record only if its stored version is still `record.version`. */
  replace(record: FleetRecord): Promise<FleetRecord | undefined>;
}

export interface FleetCoordinatorPorts {
  records: FleetRecords;
  /** Publishes `Dispatch Requested` for a child (the dispatcher drops a repeated idempotency key). */
  dispatch(request: ChildDispatch): Promise<unknown>;
  /** Asks the dispatcher to send the parent's run again (`Dispatch Requested` with `resume_run_id`). */
  resume(record: FleetRecord): Promise<void>;
  logger: Logger;
}

/** Optimistic writes tried before the event is left for redelivery. */
const ATTEMPTS = 10;

/**
 * Advances fleet-mode foreach and dag runs as their children end: records each child's outcome
 * in its parent's fleet record, dispatches the children that may start now and, when the record
 * becomes final, asks the dispatcher to send the parent's run again so a worker finishes it
 * (result, events, actions). Every step is safe to repeat: a redelivered event finds its child
 * settled and only re-sends the side effects, which are idempotent (dispatch keys, the parent's
 * run ledger).
 */
export class FleetCoordinator {
  constructor(private readonly ports: FleetCoordinatorPorts) {}

  async onEvent(event: ParsedLavaEvent): Promise<void> {
    const outcome = fleetChildOutcome(event);
    if (!outcome) return;
    const parentRunId = await this.parentRunId(event, outcome.run_id);
    if (!parentRunId) return;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const record = await this.ports.records.get(parentRunId);
      if (!record) return;
      const settled = settleFleetChild(record, outcome);
      if (!settled.changed) return this.replay(record);
      const { record: next, dispatch } = advanceFleet(settled.record);
      const written = await this.ports.records.replace(next);
      if (!written) continue;
      for (const child of dispatch) await this.ports.dispatch(fleetDispatch(written, child));
      if (written.final && !record.final) await this.finish(written);
      return;
    }
    throw new Error(`fleet ${parentRunId}: lost ${ATTEMPTS} write races in a row`);
  }

  /**
   * The parent of the run an outcome event reports. A worker's outcome of a run it executed names
   * its fleet parent (`parent_run_id`), so ordinary runs cost no read; a rejection (by the
   * dispatcher, or by a worker before the run's message could be read) has no job to name it
   * from, so its parent is looked up by the child's run_id.
   */
  private async parentRunId(event: ParsedLavaEvent, childRunId: string): Promise<string | undefined> {
    switch (event.detailType) {
      case 'Job Run Succeeded':
      case 'Job Run Skipped':
      case 'Job Run Failed':
        return event.detail.parent_run_id;
      default:
        return this.ports.records.parentOf(childRunId);
    }
  }

  /** A redelivered event: the write was done, its side effects may not have been. */
  private async replay(record: FleetRecord): Promise<void> {
    if (!record.final)
      for (const child of record.children.filter((c) => c.state === 'dispatched'))
        await this.ports.dispatch(fleetDispatch(record, child));
    else await this.ports.resume(record);
  }

  private async finish(record: FleetRecord): Promise<void> {
    this.ports.logger.info('fleet final; resuming its parent', {
      job_id: record.parent_job_id,
      run_id: record.parent_run_id,
      status: record.final?.status,
    });
    await this.ports.resume(record);
  }
}

/**
 * A run's first terminal outcome, from the event that reports it: succeeded or skipped (not a
 * failure, as in process), failed or rejected (by the worker or the dispatcher). `Job Run Action
 * Failed` follows an outcome already reported and is not one.
 */
export function fleetChildOutcome(event: ParsedLavaEvent): FleetChildOutcome | undefined {
  switch (event.detailType) {
    case 'Job Run Succeeded':
    case 'Job Run Skipped':
      return { run_id: event.detail.run_id, failed: false };
    case 'Job Run Failed':
    case 'Job Run Rejected':
      return { run_id: event.detail.run_id, failed: true, error: errorText(event.detail.info) };
    case 'Dispatch Rejected':
      return event.detail.run_id
        ? { run_id: event.detail.run_id, failed: true, error: errorText(event.detail.reason) }
        : undefined;
    default:
      return undefined;
  }
}

function errorText(info: unknown): string {
  if (typeof info === 'string' && info) return info;
  const error = (info as { error?: unknown } | null)?.error;
  return typeof error === 'string' && error ? error : 'failed';
}
