import {
  extractDispatchBodies,
  isPlainObject,
  parseDuration,
  parseJsonRequest,
  parseLavaEvent,
  PATTERNS,
  tryParseDispatchRequests,
  type DispatchRequestedDetail,
  type JsonMap,
} from '@lava/core';
import { DISPATCH_REJECTION_CODES as CODES, type DispatchRejectionCode } from './errors';
import { deterministicRunId } from './run-id';

/** One dispatch request as the dispatcher handles it, whatever body it came in. */
export interface InboundRequest {
  job_id: string;
  parameters: JsonMap;
  globals: JsonMap;
  /** Whole seconds requested; may exceed SQS's 15-minute cap. */
  delay_seconds: number;
  /** Set on a deferred hop: epoch ms when the run is due (the delay is already applied). */
  due_at?: number;
  /** Assigned on first receipt; stable across redelivery and deferral hops. */
  run_id: string;
  idempotency_key?: string;
  requested_by?: string;
  deep_merge?: boolean;
}

/** A request (or body) the dispatcher refuses; becomes a `Dispatch Rejected` event. */
export interface Rejection {
  /** `''` when the body names no job. */
  job_id: string;
  /** Present when the request named a job: the rejection then gets its own events-table item. */
  run_id?: string;
  reason: string;
  code: DispatchRejectionCode;
  idempotency_key?: string;
  requested_by?: string;
}

export interface ReadBody {
  requests: InboundRequest[];
  rejections: Rejection[];
}

/** Marker key of a deferred dispatch hopping through the dispatch queue (long delays). */
export const DEFERRED_KEY = 'lava_deferred_dispatch';

/** Body of a deferred hop: the request with its run_id and due time. */
export function deferredBody(request: InboundRequest, dueAt: number): string {
  const { delay_seconds: _d, ...rest } = request;
  return JSON.stringify({ [DEFERRED_KEY]: { ...rest, due_at: dueAt } });
}

/**
 * Reads every request in a dispatch-queue body: an EventBridge `Dispatch Requested` envelope
 * (the realm bus rule), a deferred hop, an SNS/SQS `Records` envelope, a raw JSON request (object
 * or list) or CLI-style text (one request per line). Each request or problem is independent: a
 * bad line never stops the good ones (an improvement on the original helper, §2.7).
 */
export function readDispatchBody(body: string, ctx: { realm: string; messageId: string }): ReadBody {
  const out: ReadBody = { requests: [], rejections: [] };
  let index = 0;
  const runId = () => deterministicRunId(ctx.messageId, index++);
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return readText(body, runId, out);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    out.rejections.push({ job_id: '', reason: `Malformed JSON: ${(e as Error).message}`, code: CODES.MALFORMED_JSON });
    return out;
  }
  if (isPlainObject(json) && DEFERRED_KEY in json) readDeferred(json[DEFERRED_KEY], out);
  else if (isPlainObject(json) && ('detail-type' in json || 'DetailType' in json)) readEvent(json, ctx.realm, runId, out);
  else if (isPlainObject(json) && Array.isArray(json.Records)) readRecords(json, runId, out);
  else readJson(json, runId, out);
  return out;
}

/** A deferred hop, written by this service; checked anyway, since anyone may send to the queue. */
function readDeferred(hop: unknown, out: ReadBody): void {
  const h = isPlainObject(hop) ? hop : {};
  const ok =
    typeof h.job_id === 'string' &&
    h.job_id !== '' &&
    typeof h.run_id === 'string' &&
    PATTERNS.uuid.test(h.run_id) &&
    typeof h.due_at === 'number' &&
    Number.isFinite(h.due_at) &&
    isPlainObject(h.parameters) &&
    isPlainObject(h.globals);
  if (ok) out.requests.push({ ...(h as unknown as InboundRequest), delay_seconds: 0 });
  else out.rejections.push({ job_id: typeof h.job_id === 'string' ? h.job_id : '', reason: 'Malformed deferred dispatch', code: CODES.INVALID_REQUEST });
}

function readText(text: string, runId: () => string, out: ReadBody): ReadBody {
  const { requests, errors } = tryParseDispatchRequests(text);
  for (const r of requests) out.requests.push({ ...inbound(r, runId()), delay_seconds: r.delay_seconds });
  for (const e of errors) out.rejections.push({ job_id: '', reason: `${e.where}: ${e.message}`, code: CODES.INVALID_REQUEST });
  return out;
}

function readRecords(json: Record<string, unknown>, runId: () => string, out: ReadBody): void {
  let bodies;
  try {
    bodies = extractDispatchBodies(json);
  } catch (e) {
    out.rejections.push({ job_id: '', reason: (e as Error).message, code: CODES.INVALID_REQUEST });
    return;
  }
  for (const b of bodies) {
    if (typeof b.body !== 'string') readJson(b.body, runId, out);
    else if (/^\s*[[{]/.test(b.body)) {
      try {
        readJson(JSON.parse(b.body), runId, out);
      } catch (e) {
        out.rejections.push({ job_id: '', reason: `${b.where}: Malformed JSON: ${(e as Error).message}`, code: CODES.MALFORMED_JSON });
      }
    } else readText(b.body, runId, out);
  }
}

/** Raw JSON requests. `delay` is checked here, not by core, so delays beyond 15 min pass. */
function readJson(json: unknown, runId: () => string, out: ReadBody): void {
  if (!Array.isArray(json) && !isPlainObject(json)) {
    out.rejections.push({ job_id: '', reason: 'JSON message body must be list or dict', code: CODES.INVALID_REQUEST });
    return;
  }
  const items = Array.isArray(json) ? json : [json];
  items.forEach((item, i) => {
    const where = Array.isArray(json) ? `item ${i + 1}: ` : '';
    const jobId = isPlainObject(item) && typeof item.job_id === 'string' ? item.job_id : '';
    const run_id = jobId ? runId() : undefined;
    const { delay, ...rest } = isPlainObject(item) ? item : { delay: undefined };
    try {
      const r = parseJsonRequest(isPlainObject(item) ? rest : item);
      const delaySeconds = readDelay(delay);
      if (typeof delaySeconds === 'string') throw Object.assign(new Error(delaySeconds), { badDelay: true });
      out.requests.push({ ...inbound(r, run_id!), delay_seconds: delaySeconds });
    } catch (e) {
      const code = (e as { badDelay?: boolean }).badDelay ? CODES.BAD_DELAY : CODES.INVALID_REQUEST;
      out.rejections.push({ job_id: jobId, ...(run_id ? { run_id } : {}), reason: `${where}${(e as Error).message}`, code });
    }
  });
}

function readEvent(envelope: Record<string, unknown>, realm: string, runId: () => string, out: ReadBody): void {
  const rawDetail = envelope.detail ?? envelope.Detail;
  let detail: unknown = rawDetail;
  if (typeof rawDetail === 'string') {
    try {
      detail = JSON.parse(rawDetail);
    } catch (e) {
      out.rejections.push({ job_id: '', reason: `Malformed detail JSON: ${(e as Error).message}`, code: CODES.MALFORMED_JSON });
      return;
    }
  }
  const d = isPlainObject(detail) ? detail : {};
  const jobId = typeof d.job_id === 'string' ? d.job_id : '';
  const base = { job_id: jobId, ...(jobId ? { run_id: runId() } : {}), ...correlation(d) };
  const detailType = envelope['detail-type'] ?? envelope.DetailType;
  if (detailType !== 'Dispatch Requested') {
    out.rejections.push({ ...base, reason: `Unsupported event on the dispatch queue: ${String(detailType)}`, code: CODES.UNSUPPORTED_EVENT });
    return;
  }
  // The delay is checked here rather than by the event schema, which caps it at 15 minutes.
  const { delay, ...rest } = d;
  let parsed;
  try {
    parsed = parseLavaEvent<DispatchRequestedDetail>({ ...envelope, detail: rest });
  } catch (e) {
    out.rejections.push({ ...base, reason: (e as Error).message, code: CODES.INVALID_REQUEST });
    return;
  }
  const p = parsed.detail;
  if (p.realm !== undefined && p.realm !== realm) {
    out.rejections.push({ ...base, reason: `Request is for realm ${p.realm}, this dispatcher serves ${realm}`, code: CODES.REALM_MISMATCH });
    return;
  }
  const delaySeconds = readDelay(delay);
  if (typeof delaySeconds === 'string') {
    out.rejections.push({ ...base, reason: delaySeconds, code: CODES.BAD_DELAY });
    return;
  }
  out.requests.push({
    job_id: p.job_id,
    parameters: p.parameters ?? {},
    globals: p.globals ?? {},
    delay_seconds: delaySeconds,
    run_id: base.run_id!,
    ...correlation(p as unknown as Record<string, unknown>),
    ...(p.deep_merge !== undefined ? { deep_merge: p.deep_merge } : {}),
  });
}

/** Whole seconds (`int(duration)`, as the original JSON path), or the reason it is bad. */
function readDelay(value: unknown): number | string {
  if (value === undefined || value === null) return 0;
  let seconds: number;
  try {
    seconds = Math.trunc(parseDuration(value));
  } catch (e) {
    return `Bad delay: ${(e as Error).message}`;
  }
  return seconds < 0 ? `Bad delay: ${seconds}: must not be negative` : seconds;
}

function correlation(d: Record<string, unknown>): Pick<InboundRequest, 'idempotency_key' | 'requested_by'> {
  return {
    ...(typeof d.idempotency_key === 'string' && d.idempotency_key ? { idempotency_key: d.idempotency_key } : {}),
    ...(typeof d.requested_by === 'string' ? { requested_by: d.requested_by } : {}),
  };
}

function inbound(r: { job_id: string; parameters: JsonMap; globals: JsonMap; idempotency_key?: string }, run_id: string): Omit<InboundRequest, 'delay_seconds'> {
  return {
    job_id: r.job_id,
    parameters: r.parameters,
    globals: r.globals,
    run_id,
    ...(r.idempotency_key ? { idempotency_key: r.idempotency_key } : {}),
  };
}
