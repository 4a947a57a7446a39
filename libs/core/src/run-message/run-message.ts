import { randomUUID } from 'node:crypto';
import { CORE_ERROR_CODES, RunMessageError } from '../errors';
import { isPlainObject, type JsonMap } from '../models/json';
import { typeOf } from '../values/duration';
import { PATTERNS } from '../values/patterns';
import { formatTimestamp, parseTimestamp } from '../values/timestamp';

/** Keys of the original Lava dispatch message. */
export const LEGACY_RUN_MESSAGE_REQUIRED = ['realm', 'worker', 'job_id', 'run_id', 'ts_dispatch'] as const;
export const LEGACY_RUN_MESSAGE_OPTIONAL = ['parameters', 'globals'] as const;
/** Extension keys this implementation adds (a Python worker would reject them; see toLegacyRunMessage). */
export const RUN_MESSAGE_EXTENSIONS = ['schema_version', 'grant', 'idempotency_key', 'tries'] as const;
/** The run message version this code writes when it adds extensions. */
export const RUN_MESSAGE_SCHEMA_VERSION = 2;

/**
 * The worker-queue run message: a superset of the original dispatch message, so a message from
 * the original `lava-dispatcher` parses unchanged.
 */
export interface RunMessage {
  realm: string;
  worker: string;
  job_id: string;
  /** UUID chosen by the dispatcher. */
  run_id: string;
  /** ISO-8601 with offset, whole seconds. */
  ts_dispatch: string;
  /** Present only when non-empty. */
  parameters?: JsonMap;
  globals?: JsonMap;
  /** 2 when any extension is present; absent in original messages (version 1). */
  schema_version?: number;
  /** Signed run grant the secrets broker checks (opaque here). */
  grant?: string;
  /** Caller's key for de-duplicating dispatches. */
  idempotency_key?: string;
  /** Attempts so far when a run is re-enqueued for a retry. */
  tries?: number;
}

/**
 * Parses and checks a run message (a JSON string or an object). Unknown keys are refused, as the
 * original worker did; `ts_dispatch` is parsed leniently.
 *
 * @throws RunMessageError `Malformed dispatch message: ...` or `Bad timestamp in dispatch message: ...`.
 */
export function parseRunMessage(raw: unknown): RunMessage {
  const body = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!isPlainObject(body)) throw malformed(`must be a map, got ${typeOf(body)}`);
  const missing = LEGACY_RUN_MESSAGE_REQUIRED.filter((k) => !(k in body)).sort();
  if (missing.length) throw malformed(`Missing keys: ${missing.join(', ')}`);
  const allowed: readonly string[] = [
    ...LEGACY_RUN_MESSAGE_REQUIRED,
    ...LEGACY_RUN_MESSAGE_OPTIONAL,
    ...RUN_MESSAGE_EXTENSIONS,
  ];
  const unexpected = Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .sort();
  if (unexpected.length) throw malformed(`Unexpected keys: ${unexpected.join(', ')}`);
  checkFields(body);
  try {
    parseTimestamp(body.ts_dispatch);
  } catch (cause) {
    throw new RunMessageError(
      `Bad timestamp in dispatch message: ${(cause as Error).message}`,
      CORE_ERROR_CODES.RUN_MESSAGE_BAD_TIMESTAMP,
      { cause },
    );
  }
  return body as unknown as RunMessage;
}

function checkFields(body: Record<string, unknown>): void {
  for (const key of LEGACY_RUN_MESSAGE_REQUIRED) {
    if (typeof body[key] !== 'string' || !body[key]) throw malformed(`${key} must be a non-empty string`);
  }
  if (!PATTERNS.uuid.test(body.run_id as string)) throw malformed('run_id must be a UUID');
  for (const key of LEGACY_RUN_MESSAGE_OPTIONAL) {
    if (key in body && !isPlainObject(body[key])) throw malformed(`${key} must be a dict`);
  }
  if ('schema_version' in body && !Number.isInteger(body.schema_version))
    throw malformed('schema_version must be an integer');
  if ((body.schema_version as number) > RUN_MESSAGE_SCHEMA_VERSION) {
    throw malformed(
      `schema_version ${String(body.schema_version)} is newer than ${RUN_MESSAGE_SCHEMA_VERSION}`,
    );
  }
  for (const key of ['grant', 'idempotency_key'] as const) {
    if (key in body && typeof body[key] !== 'string') throw malformed(`${key} must be a string`);
  }
  if ('tries' in body && !(Number.isInteger(body.tries) && (body.tries as number) >= 0))
    throw malformed('tries must be an integer >= 0');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw malformed((cause as Error).message, cause);
  }
}

function malformed(detail: string, cause?: unknown): RunMessageError {
  return new RunMessageError(`Malformed dispatch message: ${detail}`, CORE_ERROR_CODES.RUN_MESSAGE_INVALID, {
    cause,
  });
}

/** The dispatch time of a run message as an instant. */
export function runMessageDispatchTime(msg: Pick<RunMessage, 'ts_dispatch'>): Date {
  return parseTimestamp(msg.ts_dispatch);
}

/** Inputs of {@link buildRunMessage}. */
export interface BuildRunMessageInput {
  realm: string;
  worker: string;
  job_id: string;
  parameters?: JsonMap;
  globals?: JsonMap;
  run_id?: string;
  /** Default: now (from `deps.now`). */
  ts_dispatch?: Date | string;
  grant?: string;
  idempotency_key?: string;
  tries?: number;
}

/** Injected side effects of {@link buildRunMessage}. */
export interface BuildRunMessageDeps {
  now?: () => Date;
  newRunId?: () => string;
  /** Timezone of `ts_dispatch` (default UTC, like the original's Lambdas). */
  tz?: string;
}

/**
 * Builds a run message: a fresh run_id, `ts_dispatch` in whole seconds with offset, parameters
 * and globals only when non-empty, and `schema_version: 2` only when an extension is present.
 *
 * @example buildRunMessage({ realm: 'acme', worker: 'core', job_id: 'etl/load', parameters: { day: '1' } })
 */
export function buildRunMessage(input: BuildRunMessageInput, deps: BuildRunMessageDeps = {}): RunMessage {
  const ts = input.ts_dispatch ?? (deps.now ?? (() => new Date()))();
  const msg: RunMessage = {
    realm: input.realm,
    worker: input.worker,
    job_id: input.job_id,
    run_id: input.run_id ?? (deps.newRunId ?? randomUUID)(),
    ts_dispatch: typeof ts === 'string' ? ts : formatTimestamp(ts, deps.tz),
  };
  if (input.parameters && Object.keys(input.parameters).length) msg.parameters = input.parameters;
  if (input.globals && Object.keys(input.globals).length) msg.globals = input.globals;
  const ext = { grant: input.grant, idempotency_key: input.idempotency_key, tries: input.tries };
  const present = Object.entries(ext).filter(([, v]) => v !== undefined);
  if (present.length)
    Object.assign(msg, { schema_version: RUN_MESSAGE_SCHEMA_VERSION }, Object.fromEntries(present));
  return parseRunMessage(msg);
}

/** The message without extensions: the exact shape an original Python worker accepts. */
/**
 * Whether `worker` is a fleet still served by the original's Python worker (realm field
 * `legacy_workers`), which refuses and deletes run messages with extension keys: such fleets
 * get {@link toLegacyRunMessage}'s form.
 */
export function isLegacyWorker(realmRecord: Record<string, unknown> | undefined, worker: string): boolean {
  const fleets = realmRecord?.legacy_workers;
  return Array.isArray(fleets) && fleets.includes(worker);
}

export function toLegacyRunMessage(msg: RunMessage): RunMessage {
  const out: Record<string, unknown> = {};
  for (const k of [...LEGACY_RUN_MESSAGE_REQUIRED, ...LEGACY_RUN_MESSAGE_OPTIONAL])
    if (msg[k] !== undefined) out[k] = msg[k];
  return out as unknown as RunMessage;
}
