import { DispatchRequestError, type DispatchRequestIssue } from '../errors';
import { isPlainObject, type JsonMap } from '../models/json';
import { parseDuration, typeOf } from '../values/duration';
import { PATTERNS } from '../values/patterns';
import { CliRequestError, parseCliRequestLine } from './cli-request';
import { MAX_DISPATCH_DELAY_SECONDS, type DispatchRequest } from './dispatch-request';

/** Outcome of parsing a body without throwing: good requests and every problem. */
export interface ParsedDispatchRequests {
  requests: DispatchRequest[];
  errors: DispatchRequestIssue[];
}

const JSON_REQUEST_KEYS = ['job_id', 'delay', 'globals', 'parameters', 'idempotency_key'];

/**
 * Parses a dispatch request body: JSON (an object or a list of objects) when the first non-blank
 * character is `{` or `[`, else CLI-style text, one request per line. Every line or item
 * is checked; nothing is returned unless all are valid (the original dispatched the lines before
 * the first error and dropped the rest).
 *
 * @example parseDispatchRequests('etl/load -p day=2024-05-01\n# comment\nops/notify -d 90s')
 * @throws DispatchRequestError listing every bad line or item.
 */
export function parseDispatchRequests(text: string, opts: { source?: string } = {}): DispatchRequest[] {
  const { requests, errors } = tryParseDispatchRequests(text, opts);
  if (errors.length) throw new DispatchRequestError(errors);
  return requests;
}

/** Like {@link parseDispatchRequests}, but returns good requests and problems separately. */
export function tryParseDispatchRequests(
  text: string,
  opts: { source?: string } = {},
): ParsedDispatchRequests {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return {
        requests: [],
        errors: [{ where: 'body', message: `Malformed JSON: ${(e as Error).message}` }],
      };
    }
    return tryParseDispatchRequestBody(body, opts);
  }
  return parseTextBody(text, opts.source);
}

/**
 * Checks already-parsed JSON requests (direct invocation, an event detail): an object or a list
 * of objects with `job_id` and optional `delay`, `parameters`, `globals`, `idempotency_key`;
 * `x-*` keys ignored, others refused.
 */
export function tryParseDispatchRequestBody(
  body: unknown,
  opts: { source?: string } = {},
): ParsedDispatchRequests {
  const out: ParsedDispatchRequests = { requests: [], errors: [] };
  if (!Array.isArray(body) && !isPlainObject(body)) {
    out.errors.push({ where: 'body', message: 'JSON message body must be list or dict' });
    return out;
  }
  const items = Array.isArray(body) ? body : [body];
  items.forEach((item, i) => {
    const where = Array.isArray(body) ? `item ${i + 1}` : 'request';
    try {
      out.requests.push(withSource(parseJsonRequest(item), opts.source));
    } catch (e) {
      out.errors.push({ where, message: (e as Error).message });
    }
  });
  return out;
}

function parseTextBody(text: string, source?: string): ParsedDispatchRequests {
  const out: ParsedDispatchRequests = { requests: [], errors: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    try {
      const request = parseCliRequestLine(line);
      if (request) out.requests.push(withSource(request, source));
    } catch (e) {
      if (!(e instanceof CliRequestError)) throw e;
      out.errors.push({ where: `line ${i + 1}`, message: e.message });
    }
  });
  return out;
}

function withSource(request: DispatchRequest, source?: string): DispatchRequest {
  return source ? { ...request, source } : request;
}

/** One JSON request object. Throws an Error whose message says what is wrong. */
export function parseJsonRequest(item: unknown): DispatchRequest {
  if (!isPlainObject(item)) throw new Error(`${JSON.stringify(item)}: must be a dict`);
  const keys = Object.keys(item).filter((k) => !PATTERNS.extensionField.test(k));
  const unexpected = keys.filter((k) => !JSON_REQUEST_KEYS.includes(k)).sort();
  if (unexpected.length) throw new Error(`Unexpected keys: ${unexpected.join(', ')}`);
  if (typeof item.job_id !== 'string' || !item.job_id) throw new Error('Missing keys: job_id');
  const request: DispatchRequest = {
    job_id: item.job_id,
    parameters: optionalMap(item.parameters, 'parameters'),
    globals: optionalMap(item.globals, 'globals'),
    delay_seconds: item.delay === undefined ? 0 : jsonDelay(item.delay),
  };
  if (item.idempotency_key !== undefined) {
    if (typeof item.idempotency_key !== 'string') throw new Error('idempotency_key must be a string');
    request.idempotency_key = item.idempotency_key;
  }
  return request;
}

function optionalMap(value: unknown, name: string): JsonMap {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new Error(`${name} must be a dict, got ${typeOf(value)}`);
  return value as JsonMap;
}

/** JSON delays: `int(duration)` as in the original, plus the 0-900 range check it lacked. */
export function jsonDelay(value: unknown): number {
  const seconds = Math.trunc(parseDuration(value));
  if (seconds < 0 || seconds > MAX_DISPATCH_DELAY_SECONDS) {
    throw new Error(`Bad delay: ${seconds}: Must be between 0 and 15 minutes`);
  }
  return seconds;
}
