import {
  buildLavaEvent,
  type ChildDispatch,
  type DispatchPort,
  type EventDetailInput,
  type JsonMap,
  type LavaSource,
} from '@lava/core';
import type { BusPublisher } from '../bus/bus-publisher';

/** A child dispatch plus the request fields only callers outside a run set. */
export interface DispatchRequestInput extends ChildDispatch {
  idempotency_key?: string;
  requested_by?: string;
}

/** Tells whether a job can be dispatched: its record exists and its worker has a queue. */
export interface DispatchTargetCheck {
  /** Why `jobId` cannot be dispatched, or undefined when it can. */
  check(jobId: string): Promise<string | undefined>;
}

/**
 * Requests a dispatch by publishing `Dispatch Requested` on the realm bus: the dispatcher is
 * the only writer of run messages, so job-initiated dispatches go through it like any other.
 * The dispatcher rejects bad targets asynchronously; `check` lets a job see them first.
 */
export class BusDispatchPort implements DispatchPort {
  constructor(
    private readonly publisher: Pick<BusPublisher, 'publish'>,
    private readonly realm: string,
    private readonly source: LavaSource,
    private readonly targets: DispatchTargetCheck = { check: async () => undefined },
  ) {}

  check(jobId: string): Promise<string | undefined> {
    return this.targets.check(jobId);
  }

  async dispatch(request: DispatchRequestInput): Promise<{ run_id?: string }> {
    const detail: EventDetailInput<'Dispatch Requested'> = { job_id: request.job_id, realm: this.realm };
    if (request.parameters && Object.keys(request.parameters).length)
      detail.parameters = request.parameters as JsonMap;
    if (request.globals && Object.keys(request.globals).length)
      detail.globals = JSON.parse(JSON.stringify(request.globals)) as JsonMap;
    if (request.delay_seconds) detail.delay = request.delay_seconds;
    if (request.idempotency_key) detail.idempotency_key = request.idempotency_key;
    if (request.requested_by) detail.requested_by = request.requested_by;
    await this.publisher.publish([buildLavaEvent('Dispatch Requested', detail, { source: this.source })]);
    return {};
  }
}
