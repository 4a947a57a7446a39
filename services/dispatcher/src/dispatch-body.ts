import {
  extractDispatchBodies,
  isPlainObject,
  jsonTextDepth,
  MAX_JSON_DEPTH,
  parseDuration,
  parseJsonRequest,
  parseLavaEvent,
  PATTERNS,
  requestRunId,
  TRACEPARENT_PATTERN,
  tryParseDispatchRequests,
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
  /**
   * Assigned on first receipt; stable across redelivery and deferral hops. With an idempotency
   * key it is `requestRunId(realm, key)`, known to the requester in advance.
   */
  run_id: string;
  idempotency_key?: string;
  requested_by?: string;
  deep_merge?: boolean;
  /** W3C traceparent of the requester (event field), so the run joins its trace. */
  traceparent?: string;
  /** `run_id` is a fleet-mode parent to send again (event field `resume_run_id`). */
  fleet_resume?: true;
  /** Iterations the resumed run already did (`tries` of its run message); set from its fleet record. */
  resume_tries?: number;
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
 * bad line never stops the good ones (an improvement on the original helper).
 */
export function readDispatchBody(body: string, ctx: { realm: string; messageId: string }): ReadBody {
  const out = readRequests(body, ctx);
  for (const r of [...out.requests, ...out.rejections]) {
    const deferred = 'due_at' in r && r.due_at !== undefined;
    if (r.idempotency_key && r.run_id && !deferred) r.run_id = requestRunId(ctx.realm, r.idempotency_key);
  }
  return out;
}

function readRequests(body: string, ctx: { realm: string; messageId: string }): ReadBody {
  const out: ReadBody = { requests: [], rejections: [] };
  let index = 0;
  const runId = () => deterministicRunId(ctx.messageId, index++);
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return readText(body, runId, out);
  const json = parseBounded(body, '', out);
  if (json === undefined) return out;
  if (isPlainObject(json) && DEFERRED_KEY in json) readDeferred(json[DEFERRED_KEY], out);
  else if (isPlainObject(json) && ('detail-type' in json || 'DetailType' in json))
    readEvent(json, ctx.realm, runId, out);
  else if (isPlainObject(json) && Array.isArray(json.Records)) readRecords(json, runId, out);
  else readJson(json, runId, out);
  return out;
}

/**
 * JSON text parsed only when nested within MAX_JSON_DEPTH (measured without recursion first, so
 * 5,000 levels never reach recursive code); otherwise a rejection is recorded and undefined
 * returned. `where` prefixes the reason (`Records[0]: `).
 */
function parseBounded(text: string, where: string, out: ReadBody): unknown {
  if (jsonTextDepth(text) > MAX_JSON_DEPTH) {
    out.rejections.push({
      job_id: '',
      reason: `${where}JSON body is nested more than ${MAX_JSON_DEPTH} levels deep; flatten parameters and globals`,
      code: CODES.LIMIT_EXCEEDED,
    });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    out.rejections.push({
      job_id: '',
      reason: `${where}Malformed JSON: ${(e as Error).message}`,
      code: CODES.MALFORMED_JSON,
    });
    return undefined;
  }
}

/** A deferred hop, written by this service; checked anyway, since anyone may send to the queue. */
function readDeferred(hop: unknown, out: ReadBody): void {
  const h = isPlainObject(hop) ? hop : {};
  const problem = deferredProblem(h);
  if (!problem) {
    out.requests.push({
      job_id: h.job_id as string,
      run_id: h.run_id as string,
      parameters: h.parameters as JsonMap,
      globals: h.globals as JsonMap,
      due_at: h.due_at as number,
      delay_seconds: 0,
      ...correlation(h),
      ...(typeof h.deep_merge === 'boolean' ? { deep_merge: h.deep_merge } : {}),
    });
  } else
    out.rejections.push({
      job_id: typeof h.job_id === 'string' ? h.job_id : '',
      reason: `Malformed deferred dispatch: ${problem}`,
      code: CODES.INVALID_REQUEST,
    });
}

/** What is wrong with a deferred hop's fields, or undefined. */
function deferredProblem(h: Record<string, unknown>): string | undefined {
  if (typeof h.job_id !== 'string' || h.job_id === '') return 'job_id must be a non-empty string';
  if (typeof h.run_id !== 'string' || !PATTERNS.uuid.test(h.run_id)) return 'run_id must be a UUID';
  if (typeof h.due_at !== 'number' || !Number.isFinite(h.due_at)) return 'due_at must be epoch milliseconds';
  if (!isPlainObject(h.parameters) || !isPlainObject(h.globals)) return 'parameters and globals must be maps';
  if (h.idempotency_key !== undefined && (typeof h.idempotency_key !== 'string' || h.idempotency_key === ''))
    return 'idempotency_key must be a non-empty string';
  if (h.requested_by !== undefined && typeof h.requested_by !== 'string')
    return 'requested_by must be a string';
  if (h.deep_merge !== undefined && typeof h.deep_merge !== 'boolean')
    return 'deep_merge must be true or false';
  return undefined;
}

function readText(text: string, runId: () => string, out: ReadBody): ReadBody {
  const { requests, errors } = tryParseDispatchRequests(text);
  for (const r of requests) out.requests.push({ ...inbound(r, runId()), delay_seconds: r.delay_seconds });
  for (const e of errors)
    out.rejections.push({ job_id: '', reason: `${e.where}: ${e.message}`, code: CODES.INVALID_REQUEST });
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
      const parsed = parseBounded(b.body, `${b.where}: `, out);
      if (parsed !== undefined) readJson(parsed, runId, out);
    } else readText(b.body, runId, out);
  }
}

/** Raw JSON requests. `delay` is checked here, not by core, so delays beyond 15 min pass. */
function readJson(json: unknown, runId: () => string, out: ReadBody): void {
  if (!Array.isArray(json) && !isPlainObject(json)) {
    out.rejections.push({
      job_id: '',
      reason: 'JSON message body must be list or dict',
      code: CODES.INVALID_REQUEST,
    });
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
      out.rejections.push({
        job_id: jobId,
        ...(run_id ? { run_id } : {}),
        reason: `${where}${(e as Error).message}`,
        code,
      });
    }
  });
}

function readEvent(
  envelope: Record<string, unknown>,
  realm: string,
  runId: () => string,
  out: ReadBody,
): void {
  const rawDetail = envelope.detail ?? envelope.Detail;
  let detail: unknown = rawDetail;
  if (typeof rawDetail === 'string') {
    detail = parseBounded(rawDetail, 'detail: ', out);
    if (detail === undefined) return;
  }
  const d = isPlainObject(detail) ? detail : {};
  const jobId = typeof d.job_id === 'string' ? d.job_id : '';
  const base = { job_id: jobId, ...(jobId ? { run_id: runId() } : {}), ...correlation(d) };
  const detailType = envelope['detail-type'] ?? envelope.DetailType;
  if (detailType !== 'Dispatch Requested') {
    out.rejections.push({
      ...base,
      reason: `Unsupported event on the dispatch queue: ${String(detailType)}`,
      code: CODES.UNSUPPORTED_EVENT,
    });
    return;
  }
  // The delay is checked here rather than by the event schema, which caps it at 15 minutes.
  const { delay, ...rest } = d;
  let parsed;
  try {
    parsed = parseLavaEvent({ ...envelope, detail: rest }, 'Dispatch Requested');
  } catch (e) {
    out.rejections.push({ ...base, reason: (e as Error).message, code: CODES.INVALID_REQUEST });
    return;
  }
  const p = parsed.detail;
  if (p.realm !== undefined && p.realm !== realm) {
    out.rejections.push({
      ...base,
      reason: `Request is for realm ${p.realm}, this dispatcher serves ${realm}`,
      code: CODES.REALM_MISMATCH,
    });
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
    run_id: p.resume_run_id ?? base.run_id!,
    ...(p.resume_run_id ? { fleet_resume: true as const } : {}),
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

function correlation(
  d: Record<string, unknown>,
): Pick<InboundRequest, 'idempotency_key' | 'requested_by' | 'traceparent'> {
  return {
    ...(typeof d.traceparent === 'string' && TRACEPARENT_PATTERN.test(d.traceparent)
      ? { traceparent: d.traceparent }
      : {}),
    ...(typeof d.idempotency_key === 'string' && d.idempotency_key
      ? { idempotency_key: d.idempotency_key }
      : {}),
    ...(typeof d.requested_by === 'string' ? { requested_by: d.requested_by } : {}),
  };
}

function inbound(
  r: { job_id: string; parameters: JsonMap; globals: JsonMap; idempotency_key?: string },
  run_id: string,
): Omit<InboundRequest, 'delay_seconds'> {
  return {
    job_id: r.job_id,
    parameters: r.parameters,
    globals: r.globals,
    run_id,
    ...(r.idempotency_key ? { idempotency_key: r.idempotency_key } : {}),
  };
}
