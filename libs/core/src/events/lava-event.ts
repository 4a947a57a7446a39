import { CORE_ERROR_CODES, EventContractError } from '../errors';
import { isPlainObject } from '../models/json';
import { compileSchema } from '../validation/ajv';
import { typeOf } from '../values/duration';
import { redactSecrets } from '../values/patterns';
import { EVENT_CONTRACTS, type DetailType, type EventContract } from './contracts';
import type { EventDetailInput, EventDetailMap } from './event-details';

/** EventBridge limit on one entry (the whole entry; the detail is most of it). */
export const MAX_EVENT_DETAIL_BYTES = 256 * 1024 - 2048;

/** A PutEvents entry, minus the bus name (the publisher adds it). */
export interface LavaEventEntry {
  Source: string;
  DetailType: DetailType;
  /** JSON text of the validated detail. */
  Detail: string;
}

/**
 * A received event of type `T` after validation. With the default `T` it is a union
 * discriminated by `detailType`: a `switch` on it narrows `detail` to that type's detail.
 */
export type ParsedLavaEvent<T extends DetailType = DetailType> = T extends DetailType
  ? {
      source: string;
      detailType: T;
      detail: EventDetailMap[T];
      contract: EventContract;
      /** EventBridge envelope fields, when the input was an envelope. */
      id?: string;
      time?: string;
    }
  : never;

/**
 * Builds a PutEvents entry after validating the detail against its contract. `schema_version`
 * is filled in when absent; secret-looking keys inside `info` are redacted.
 *
 * @example buildLavaEvent('Job Run Started', { realm, job_id, run_id, worker, status: 'starting', ts_event }, { source: 'lava.worker' })
 * @throws EventContractError for an unknown type, a source not allowed, or a detail breaking the schema.
 */
export function buildLavaEvent<T extends DetailType>(
  detailType: T,
  detail: EventDetailInput<T>,
  opts: { source: string },
): LavaEventEntry {
  const contract = contractFor(detailType);
  checkSource(contract, opts.source);
  const body: Record<string, unknown> = { schema_version: contract.version, ...detail };
  if ('info' in body) body.info = redactSecrets(body.info);
  checkDetail(contract, body);
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) > MAX_EVENT_DETAIL_BYTES) {
    throw new EventContractError(`${detailType}: detail is larger than ${MAX_EVENT_DETAIL_BYTES} bytes`);
  }
  return { Source: opts.source, DetailType: contract.detailType, Detail: text };
}

/**
 * Parses and validates a received event: an EventBridge envelope (`source`, `detail-type`,
 * `detail`), its JSON text (an SQS body from a bus rule), or a PutEvents entry.
 * A `Dispatch Requested` detail without `schema_version` is read as version 1, so external
 * producers can send the original dispatch-helper JSON. With `expected`, an event of another
 * type is refused and the result is typed as that type's event.
 *
 * @throws EventContractError (not retryable: the same event will fail again).
 */
export function parseLavaEvent<T extends DetailType = DetailType>(
  envelope: unknown,
  expected?: T,
): ParsedLavaEvent<T> {
  const env = typeof envelope === 'string' ? parseJson(envelope, 'event') : envelope;
  if (!isPlainObject(env)) throw new EventContractError(`Event must be a map, got ${typeOf(env)}`);
  const source = env.source ?? env.Source;
  const detailType = env['detail-type'] ?? env.DetailType;
  const rawDetail = env.detail ?? env.Detail;
  if (typeof source !== 'string' || typeof detailType !== 'string') {
    throw new EventContractError('Event has no source or detail-type');
  }
  if (expected !== undefined && detailType !== expected) {
    throw new EventContractError(`Expected a ${expected} event, got ${detailType}`);
  }
  const contract = contractFor(detailType);
  checkSource(contract, source);
  const detail = typeof rawDetail === 'string' ? parseJson(rawDetail, 'detail') : rawDetail;
  if (!isPlainObject(detail)) throw new EventContractError(`${detailType}: detail must be a map`);
  const body =
    contract.detailType === 'Dispatch Requested' && !('schema_version' in detail)
      ? { schema_version: 1, ...detail }
      : detail;
  checkDetail(contract, body);
  // The schema check above is what makes `body` the detail of this type.
  const parsed = {
    source,
    detailType: contract.detailType,
    detail: body,
    contract,
  } as unknown as ParsedLavaEvent<T>;
  if (typeof env.id === 'string') parsed.id = env.id;
  if (typeof env.time === 'string') parsed.time = env.time;
  return parsed;
}

function contractFor(detailType: string): EventContract {
  const contract = (EVENT_CONTRACTS as Record<string, EventContract | undefined>)[detailType];
  if (!contract)
    throw new EventContractError(
      `Unknown event detail-type: ${detailType}`,
      CORE_ERROR_CODES.EVENT_UNKNOWN_TYPE,
    );
  return contract;
}

function checkSource(contract: EventContract, source: string): void {
  if (contract.sources.includes(source)) return;
  if (contract.externalSources && source && !source.startsWith('aws.')) return;
  throw new EventContractError(
    `${contract.detailType}: source ${source} may not publish it (allowed: ${contract.sources.join(', ')})`,
  );
}

function checkDetail(contract: EventContract, detail: Record<string, unknown>): void {
  const version = detail.schema_version;
  if (typeof version === 'number' && version > contract.version) {
    throw new EventContractError(
      `${contract.detailType}: schema_version ${version} is newer than supported ${contract.version}`,
      CORE_ERROR_CODES.EVENT_UNSUPPORTED_VERSION,
    );
  }
  const validate = compileSchema(contract.schema);
  if (validate(detail)) return;
  const problems = (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${where} ${e.message ?? 'is invalid'}${extra}`;
  });
  throw new EventContractError(
    `${contract.detailType}: bad detail: ${problems.join('; ')}`,
    CORE_ERROR_CODES.EVENT_CONTRACT_VIOLATION,
    {
      context: { detailType: contract.detailType, problems },
    },
  );
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new EventContractError(
      `Malformed ${what} JSON: ${(cause as Error).message}`,
      CORE_ERROR_CODES.EVENT_CONTRACT_VIOLATION,
      { cause },
    );
  }
}
