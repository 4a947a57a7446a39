import { hostname } from 'node:os';
import {
  buildLavaEvent,
  isTerminalStatus,
  LAVA_SOURCES,
  runEventDetailType,
  jsonSafe,
  type RunEvent,
  type RunEventSink,
} from '@lava/core';
import type { BusPublisher, PublishableEvent } from '../bus/bus-publisher';

/**
 * Publishes each run status change as a `Job Run <...>` event (source `lava.worker`), in order
 * per run. Info values that JSON cannot hold are normalised (dates to ISO strings) so no event is
 * lost to a serialisation error, the original's silent-drop defect.
 *
 * `record` does not wait for EventBridge: a run goes on while its events are sent (in order,
 * batched with other runs' events), and the worker calls `settle(run_id)` before it marks the
 * run finished and acknowledges its message, so an event that could not be published makes the
 * message come back instead of being lost. Events recorded while the run's previous publish is
 * in flight go out together, in order, in the next one (a quick run's `running` and `complete`
 * share a PutEvents entry list instead of taking one round trip each). With `gatherMs`, a run's
 * first event also waits up to that long (or until the run's outcome, or `settle`) for the next
 * ones: a quick run's `starting`, `running` and outcome then take one publish, and reach the
 * audit logger together, to be written as one history update.
 */
export class BusRunEventSink implements RunEventSink {
  private readonly host = hostname();
  private readonly chains = new Map<string, RunChain>();

  constructor(
    private readonly publisher: Pick<BusPublisher, 'publish'>,
    private readonly realm: string,
    private readonly worker: string,
    /** The current span's traceparent (tracing on), so the audit write joins the run's trace. */
    private readonly traceparent: () => string | undefined = () => undefined,
    /** How long a run's first pending event waits for its next ones, ms (default 0: not at all). */
    private readonly gatherMs = 0,
  ) {}

  async record(event: RunEvent): Promise<void> {
    const status = event.status;
    const traceparent = this.traceparent();
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
        ...(event.parent_run_id ? { parent_run_id: event.parent_run_id } : {}),
        ...(traceparent ? { traceparent } : {}),
      },
      { source: LAVA_SOURCES.worker },
    );
    const chain = this.chains.get(event.run_id) ?? { pending: [], tail: undefined };
    this.chains.set(event.run_id, chain);
    chain.pending.push(entry);
    chain.tail ??= this.pump(chain);
    if (isTerminalStatus(status)) chain.go?.();
  }

  /** Publishes the run's pending events, oldest first, until none is left. */
  private async pump(chain: RunChain): Promise<void> {
    if (this.gatherMs > 0) await this.gather(chain);
    while (chain.pending.length) {
      const batch = chain.pending.splice(0);
      await this.publisher.publish(batch).catch((err: unknown) => {
        chain.failure ??= err;
      });
    }
    chain.tail = undefined;
  }

  /** Resolves after `gatherMs`, or sooner when `go` is called (the run's outcome, or `settle`). */
  private gather(chain: RunChain): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => chain.go?.(), this.gatherMs);
      chain.go = () => {
        chain.go = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Waits until every event of `runId` was published; throws the first publish failure. */
  async settle(runId: string): Promise<void> {
    const chain = this.chains.get(runId);
    if (!chain) return;
    chain.go?.();
    await chain.tail;
    if (chain.pending.length || chain.tail) return this.settle(runId);
    this.chains.delete(runId);
    if (chain.failure !== undefined) throw chain.failure;
  }
}

interface RunChain {
  /** Recorded, not yet handed to the publisher. */
  pending: PublishableEvent[];
  /** The publishing loop while it runs. */
  tail: Promise<void> | undefined;
  /** Ends the gathering wait of the first pending event, while there is one. */
  go?: () => void;
  failure?: unknown;
}
