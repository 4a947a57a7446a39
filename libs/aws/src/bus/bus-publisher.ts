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
    const entries = events.map((e) => toEntry(this.busName, e));
    for (let i = 0; i < entries.length; i += PUT_EVENTS_BATCH) {
      await this.publishBatch(entries.slice(i, i + PUT_EVENTS_BATCH));
    }
  }

  private async publishBatch(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    let failures: Failure[] = [];
    for (let attempt = 1; attempt <= this.maxAttempts && pending.length; attempt++) {
      if (attempt > 1) await this.sleep(this.baseDelayMs * 2 ** (attempt - 2));
      failures = await this.send(pending);
      pending = failures.map((f) => f.entry);
    }
    if (pending.length)
      throw new BusPublishError(
        this.busName,
        failures.map(({ entry: _e, ...f }) => f),
      );
  }

  /** Send one batch; returns the entries EventBridge refused. */
  private async send(entries: PutEventsRequestEntry[]): Promise<Failure[]> {
    let out;
    try {
      out = await this.eventBridge.send(new PutEventsCommand({ Entries: entries }));
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
