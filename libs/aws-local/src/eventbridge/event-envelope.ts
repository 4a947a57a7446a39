import { randomUUID } from 'node:crypto';

/** An event as EventBridge delivers it (key order as AWS emits it). */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What a PutEvents entry or an internal event contributes to an envelope. */
export interface EnvelopeInput {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  time?: Date;
  account: string;
  region: string;
}

/** `2024-01-02T03:04:05Z`: AWS emits whole seconds in UTC. */
export function formatEventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the envelope; `time` is the entry's time or the ingestion time. */
export function buildEnvelope(
  input: EnvelopeInput,
  ingestion: Date,
  id: string = randomUUID(),
): EventEnvelope {
  return {
    version: '0',
    id,
    'detail-type': input.detailType,
    source: input.source,
    account: input.account,
    time: formatEventTime(input.time ?? ingestion),
    region: input.region,
    resources: input.resources ?? [],
    detail: input.detail,
  };
}

/** `<aws.events.event>`: the envelope without `detail`, with `detail-type` spelled `detailType`. */
export function eventWithoutDetail(event: EventEnvelope): Record<string, unknown> {
  return {
    version: event.version,
    id: event.id,
    detailType: event['detail-type'],
    source: event.source,
    account: event.account,
    time: event.time,
    region: event.region,
    resources: event.resources,
  };
}
