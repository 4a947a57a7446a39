import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { BusPublishError, translateAwsError } from '../errors';

/**
 * An event to publish. Accepts both the camelCase form and the EventBridge envelope spelling
 * (`detail-type`), so events built by `@lava/core` can be passed as they are.
 */
export interface BusEvent {
  source: string;
  detailType?: string;
  'detail-type'?: string;
  detail: unknown;
  time?: Date | string;
  resources?: string[];
}

/** A ready PutEvents entry, as `buildLavaEvent` in `@lava/core` returns it (bus name added here). */
export interface BusEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: Date;
  Resources?: string[];
}

/** Either form of an event. */
export type PublishableEvent = BusEvent | BusEntry;

/** Retry policy for entries EventBridge did not accept. */
export interface BusPublisherOptions {
  /** Attempts per entry, including the first (default 5). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled each retry (default 50). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Events serialised and signed ahead of time; `send` publishes them (see {@link BusPublisher.prepare}). */
export interface PreparedPublish {
  /** Publishes the prepared events; resolves once EventBridge accepted every one of them. */
  send(): Promise<void>;
}

/** PutEvents accepts at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;

function toEntry(bus: string, e: PublishableEvent): PutEventsRequestEntry {
  if ('DetailType' in e) return { ...e, EventBusName: bus };
  const detailType = e.detailType ?? e['detail-type'];
  if (!detailType) throw new TypeError(`Event from ${e.source} has no detail-type`);
  return {
    EventBusName: bus,
    Source: e.source,
    DetailType: detailType,
    Detail: typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail),
    Time: e.time === undefined ? undefined : new Date(e.time),
    Resources: e.resources,
  };
}

/**
 * Publishes events on one bus: batches of 10, per-entry failures retried with backoff, and a
 * `BusPublishError` naming every entry still refused. Events are never dropped silently.
 *
 * @example
 * await new BusPublisher(clients.eventBridge, 'lava-acme').publish([event]);
 */
export class BusPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly eventBridge: EventBridgeClient,
    readonly busName: string,
    options: BusPublisherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Publish all events; resolves once EventBridge accepted every one of them. */
  async publish(events: PublishableEvent[]): Promise<void> {
    for (const batch of this.batches(events)) await this.publishBatch(batch);
  }

  /**
   * Builds, serialises and signs the PutEvents calls of `events` now and holds each one just
   * before its socket write until `send`. A caller that knows when its events are due (the
   * scheduler) thus pays the SDK's per-call work ahead, and at the due instant only the HTTP
   * writes remain. After `send` everything is as with {@link publish} (the SDK's retries re-sign,
   * refused entries are retried). A prepared publish that is never sent holds no socket or timer:
   * it is simply collected.
   *
   * @example
   * const ready = publisher.prepare(events); // 200 ms before the events are due
   * await ready.send(); // at the due instant
   */
  prepare(events: PublishableEvent[]): PreparedPublish {
    const batches = this.batches(events).map((batch) => {
      const gate = new SendGate();
      const first = this.send(batch, gate);
      // Awaited by `send`; until then a failure to build or sign must not be an unhandled rejection.
      first.catch(() => undefined);
      return () => {
        gate.open();
        return this.publishBatch(batch, first);
      };
    });
    return {
      send: async () => {
        for (const send of batches) await send();
      },
    };
  }

  private batches(events: PublishableEvent[]): PutEventsRequestEntry[][] {
    const entries = events.map((e) => toEntry(this.busName, e));
    const batches: PutEventsRequestEntry[][] = [];
    for (let i = 0; i < entries.length; i += PUT_EVENTS_BATCH)
      batches.push(entries.slice(i, i + PUT_EVENTS_BATCH));
    return batches;
  }

  /** Publishes one batch, its first attempt already under way when `first` is given. */
  private async publishBatch(batch: PutEventsRequestEntry[], first?: Promise<Failure[]>): Promise<void> {
    let pending = batch;
    let failures: Failure[] = [];
    for (let attempt = 1; attempt <= this.maxAttempts && pending.length; attempt++) {
      if (attempt > 1) await this.sleep(this.baseDelayMs * 2 ** (attempt - 2));
      failures = await (attempt === 1 && first ? first : this.send(pending));
      pending = failures.map((f) => f.entry);
    }
    if (pending.length)
      throw new BusPublishError(
        this.busName,
        failures.map(({ entry: _e, ...f }) => f),
      );
  }

  /** Send one batch (held at `gate` once signed, when given); returns the entries EventBridge refused. */
  private async send(entries: PutEventsRequestEntry[], gate?: SendGate): Promise<Failure[]> {
    let out;
    try {
      const command = new PutEventsCommand({ Entries: entries });
      gate?.addTo(command);
      out = await this.eventBridge.send(command);
    } catch (err) {
      throw translateAwsError(err, `event bus ${this.busName}`);
    }
    if (!out.FailedEntryCount) return [];
    // Result entries line up with request entries; a refused one carries an ErrorCode.
    return entries.flatMap((entry, i) => {
      const r = out.Entries?.[i];
      if (r && !r.ErrorCode) return [];
      return [
        { entry, detailType: entry.DetailType ?? '', errorCode: r?.ErrorCode, errorMessage: r?.ErrorMessage },
      ];
    });
  }
}

interface Failure {
  entry: PutEventsRequestEntry;
  detailType: string;
  errorCode?: string;
  errorMessage?: string;
}

/**
 * A middleware placed right after the SDK's signing step: it waits until `open`, so a command
 * sent early is built, serialised, its endpoint resolved and signed, and then waits for its turn
 * with only the HTTP handler (socket write, response) ahead of it. Once open, the SDK's own
 * retries pass straight through (and are signed again).
 */
class SendGate {
  private readonly opened: Promise<void>;
  open: () => void = () => undefined;

  constructor() {
    this.opened = new Promise((resolve) => (this.open = resolve));
  }

  addTo(command: PutEventsCommand): void {
    command.middlewareStack.addRelativeTo(
      <A, R>(next: (args: A) => Promise<R>) =>
        async (args: A): Promise<R> => {
          await this.opened;
          return next(args);
        },
      { name: 'lavaSendGate', relation: 'after', toMiddleware: 'httpSigningMiddleware' },
    );
  }
}
