import { DispatchRequestError } from '../errors';
import { isPlainObject } from '../models/json';

/** One request body found in an envelope, with where it came from. */
export interface EnvelopeBody {
  /** Text of an SNS message / SQS body, or an object from a direct or EventBridge invocation. */
  body: string | Record<string, unknown>;
  /** `record N` (1-based) or `event`. */
  where: string;
}

/**
 * Finds the dispatch request bodies in a helper-style envelope: a `Records` list of SNS
 * (`Sns.Message`) or SQS (`body`) records, or a map with `job_id` (direct invocation or an
 * EventBridge input transformer). Each body is then parsed with parseDispatchRequests.
 *
 * @throws DispatchRequestError `Event source <src> not supported` / `Cannot determine event format`.
 */
export function extractDispatchBodies(event: unknown): EnvelopeBody[] {
  if (isPlainObject(event) && Array.isArray(event.Records)) {
    return event.Records.map((record: unknown, i) => ({
      body: recordBody(record, i + 1),
      where: `record ${i + 1}`,
    }));
  }
  if (isPlainObject(event) && 'job_id' in event) return [{ body: event, where: 'event' }];
  throw new DispatchRequestError([
    { where: 'event', message: `Cannot determine event format: ${preview(event)}` },
  ]);
}

function recordBody(record: unknown, n: number): string {
  const r = isPlainObject(record) ? record : {};
  if (r.EventSource === 'aws:sns' && isPlainObject(r.Sns) && typeof r.Sns.Message === 'string')
    return r.Sns.Message;
  if (r.eventSource === 'aws:sqs' && typeof r.body === 'string') return r.body;
  const src = String(r.EventSource ?? r.eventSource ?? 'unknown');
  throw new DispatchRequestError([{ where: `record ${n}`, message: `Event source ${src} not supported` }]);
}

function preview(event: unknown): string {
  const text = JSON.stringify(event) ?? String(event);
  return text.length > 200 ? text.slice(0, 197) + '...' : text;
}
