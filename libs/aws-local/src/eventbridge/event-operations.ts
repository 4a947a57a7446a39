import { AwsError, type InternalEvent } from '../contracts';
import { DEFAULT_BUS } from './arns';
import { buildEnvelope, type EventEnvelope } from './event-envelope';
import type { EventRouter } from './event-router';
import { testEventPattern } from './pattern';
import { toPatternError } from './pattern-errors';
import { checkEntry, requestProblem } from './put-events-entry';
import type { RegionState } from './state';
import { requireString, validationError, type Input } from './validation';

/**
 * PutEvents: one result per entry, in order. Routing happens after validation; a delivery
 * failure never shows in the response, and an entry for a missing bus succeeds and is dropped.
 */
export async function putEvents(
  region: RegionState,
  input: Input,
  router: EventRouter,
  now: Date,
): Promise<Record<string, unknown>> {
  const problem = requestProblem(input['Entries']);
  if (problem) throw validationError(problem);
  const results: Array<Record<string, unknown>> = [];
  const byBus = new Map<string, EventEnvelope[]>();
  for (const raw of input['Entries'] as unknown[]) {
    const checked = checkEntry(raw);
    if (!('busName' in checked)) {
      results.push({ ...checked });
      continue;
    }
    const envelope = buildEnvelope({ ...checked.envelope, ...region.scope }, now);
    results.push({ EventId: envelope.id });
    const list = byBus.get(checked.busName) ?? [];
    list.push(envelope);
    byBus.set(checked.busName, list);
  }
  await routeAll(region, byBus, router, now);
  return { FailedEntryCount: results.filter((r) => r['ErrorCode'] !== undefined).length, Entries: results };
}

async function routeAll(
  region: RegionState,
  byBus: Map<string, EventEnvelope[]>,
  router: EventRouter,
  now: Date,
): Promise<void> {
  for (const [busName, events] of byBus) {
    const bus = region.buses.get(busName);
    if (bus) await router.route(region, bus, events, now);
  }
}

/** Events raised inside the endpoint (S3 notifications) go to their bus like PutEvents entries. */
export async function putInternal(
  region: RegionState,
  events: InternalEvent[],
  router: EventRouter,
  now: Date,
): Promise<void> {
  const byBus = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    const name = e.eventBusName ?? DEFAULT_BUS;
    const envelope = buildEnvelope(
      {
        source: e.source,
        detailType: e.detailType,
        detail: e.detail,
        resources: e.resources,
        time: e.time,
        ...region.scope,
      },
      now,
    );
    byBus.set(name, [...(byBus.get(name) ?? []), envelope]);
  }
  await routeAll(region, byBus, router, now);
}

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** TestEventPattern: the event must look like an envelope; the pattern must be valid. */
export function testPattern(input: Input): Record<string, unknown> {
  const pattern = requireString(input, 'EventPattern');
  const eventText = requireString(input, 'Event');
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw validationError('Parameter Event is not valid.');
  }
  const isObject = typeof event === 'object' && event !== null && !Array.isArray(event);
  if (!isObject || !REQUIRED_EVENT_FIELDS.every((f) => Object.prototype.hasOwnProperty.call(event, f))) {
    throw validationError('Parameter Event is not valid.');
  }
  try {
    return { Result: testEventPattern(pattern, event) };
  } catch (err) {
    const mapped = toPatternError(err);
    throw mapped instanceof AwsError ? mapped : err;
  }
}
