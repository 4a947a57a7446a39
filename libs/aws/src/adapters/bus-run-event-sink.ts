import { hostname } from 'node:os';
import {
  buildLavaEvent,
  LAVA_SOURCES,
  runEventDetailType,
  type RunEvent,
  type RunEventSink,
} from '@lava/core';
import type { BusPublisher } from '../bus/bus-publisher';

/**
 * Publishes each run status change as a `Job Run <...>` event (source `lava.worker`), in order
 * per run. Info values that JSON cannot hold are normalised (dates to ISO strings) so no event is
 * lost to a serialisation error, the original's silent-drop defect.
 *
 * `record` does not wait for EventBridge: a run goes on while its events are sent (in order,
 * batched with other runs' events), and the worker calls `settle(run_id)` before it marks the
 * run finished and acknowledges its message, so an event that could not be published makes the
 * message come back instead of being lost.
 */
export class BusRunEventSink implements RunEventSink {
  private readonly host = hostname();
  private readonly chains = new Map<string, { tail: Promise<void>; failure?: unknown }>();

  constructor(
    private readonly publisher: Pick<BusPublisher, 'publish'>,
    private readonly realm: string,
    private readonly worker: string,
  ) {}

  async record(event: RunEvent): Promise<void> {
    const status = event.status;
    const entry = buildLavaEvent(
      runEventDetailType(status),
      {
        realm: this.realm,
        job_id: event.job_id,
        run_id: event.run_id,
        worker: this.worker,
        status,
        ts_event: event.ts_event.toISOString(),
        ts_dispatch: event.ts_dispatch,
        hostname: this.host,
        info: jsonSafe(event.info),
      },
      { source: LAVA_SOURCES.worker },
    );
    const chain = this.chains.get(event.run_id) ?? { tail: Promise.resolve() };
    chain.tail = chain.tail.then(() =>
      this.publisher.publish([entry]).catch((err: unknown) => {
        chain.failure ??= err;
      }),
    );
    this.chains.set(event.run_id, chain);
  }

  /** Waits until every event of `runId` was published; throws the first publish failure. */
  async settle(runId: string): Promise<void> {
    const chain = this.chains.get(runId);
    if (!chain) return;
    await chain.tail;
    this.chains.delete(runId);
    if (chain.failure !== undefined) throw chain.failure;
  }
}

/** A JSON-safe deep copy (Dates become ISO strings, undefined dropped). */
export function jsonSafe(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
