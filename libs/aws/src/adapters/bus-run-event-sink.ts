import { hostname } from 'node:os';
import { buildLavaEvent, LAVA_SOURCES, runEventDetailType, type RunStatus } from '@lava/core';
import type { BusPublisher } from '../bus/bus-publisher';

export interface RunEventInput {
  job_id: string;
  run_id: string;
  status: string;
  info: unknown;
  ts_dispatch: string;
  ts_event: Date;
}

/**
 * Publishes each run status change as a `Job Run <...>` event (source `lava.worker`), in order.
 * Info values that JSON cannot hold are normalised (dates to ISO strings) so no event is lost
 * to a serialisation error, the original's silent-drop defect.
 */
export class BusRunEventSink {
  private readonly host = hostname();

  constructor(
    private readonly publisher: Pick<BusPublisher, 'publish'>,
    private readonly realm: string,
    private readonly worker: string,
  ) {}

  async record(event: RunEventInput): Promise<void> {
    const status = event.status as RunStatus;
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
    await this.publisher.publish([entry]);
  }
}

/** A JSON-safe deep copy (Dates become ISO strings, undefined dropped). */
export function jsonSafe(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
