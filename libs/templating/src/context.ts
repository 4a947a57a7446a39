/**
 * Builders for every rendering context of . They convert timestamps to
 * Python-compatible datetimes (`start.strftime(...)`, `globals.lava.master_start.isoformat()`)
 * and wire the aliases the original has (`globals` = `job.globals`, `state` = `job.state`).
 */
import { TemplateContextError } from './errors';
import { PyDatetime } from './py/datetime';
import { tryIsoParse } from './py/parse';
import { UTC, toTz } from './py/tz';
import { isDict, type PyDict } from './py/values';
import type { RenderContext } from './renderer';
import { buildUtils, type Utils } from './utils';

/** A timestamp as Lava stores or transports it. */
export type TimestampLike = Date | string | PyDatetime;

/** `globals.lava.*` keys that hold datetimes (ISO strings across SQS). */
const LAVA_TIMESTAMPS = ['master_start', 'master_ustart', 'parent_start', 'parent_ustart'];

/** Converts a Date, ISO string or datetime to a datetime; other values are returned unchanged. */
export function toPyDatetime(value: unknown): unknown {
  if (value instanceof PyDatetime) return value;
  if (value instanceof Date) return PyDatetime.fromDate(value);
  if (typeof value === 'string') return tryIsoParse(value) ?? value;
  return value;
}

function asDict(value: unknown, name: string): PyDict {
  if (value === undefined || value === null) return {};
  if (!isDict(value)) throw new TemplateContextError(`${name} must be a map`);
  return value;
}

/** Copies `globals` with `globals.lava` timestamps as datetimes. */
export function buildGlobals(globals: unknown): PyDict {
  const g = { ...asDict(globals, 'globals') };
  if (isDict(g.lava)) {
    const lava: PyDict = { ...g.lava };
    for (const k of LAVA_TIMESTAMPS) if (k in lava) lava[k] = toPyDatetime(lava[k]);
    g.lava = lava;
  }
  return g;
}

/**
 * A record as callers hold it. Typed interfaces (e.g. `@lava/core`'s job model) have no index
 * signature, so inputs are taken as `object` and read as maps here.
 */
export type RecordLike = object;

export interface JobContextInput {
  /** The augmented job spec: the job record plus run_id, ts_dispatch, realm, parameters, globals, state. */
  job: RecordLike;
  /** The realm record. */
  realm: RecordLike;
  /** Merged globals; default `job.globals`. */
  globals?: RecordLike;
  /** Resolved state map; default `job.state`. */
  state?: RecordLike;
  /** Run start (`ts_start`); truncated to whole seconds like the original. */
  start: Date;
  /** Worker's local IANA zone for `start` (default `UTC`). */
  tz?: string;
  /** Action context only: the run result. */
  result?: unknown;
  /** Process job types: `parameters.vars`; must be a map. */
  vars?: unknown;
  /** Type-specific extras (`schema`, `relation`, `bucket`, `key`...). */
  extras?: RecordLike;
  /** Shared `utils` (default: a fresh one with the real clock). */
  utils?: Utils;
}

/**
 * The run context: `job`, `realm`, `globals`, `state`, `start`, `ustart`, `utils`, plus
 * `result` for actions and `vars` for process jobs.
 *
 * @example
 * ```ts
 * const ctx = buildJobContext({ job, realm, start: new Date(), tz: 'Australia/Sydney' });
 * renderer.render("{{ start.strftime('%Y-%m-%d %Z') }}", ctx, { field: 'enabled' });
 * ```
 */
export function buildJobContext(input: JobContextInput): RenderContext {
  const { extras, vars, ...base } = input;
  return extendJobContext(buildJobBaseContext(base), { extras, vars });
}

/** What a job context is built from once (everything but the per-render overlay). */
export type JobBaseContextInput = Omit<JobContextInput, 'extras' | 'vars'>;

/** What one render lays over a base job context: type-specific extras and `vars`. */
export interface JobContextOverlay {
  extras?: RecordLike;
  vars?: unknown;
}

/**
 * The costly part of `buildJobContext` (datetimes, globals, state, `utils`), built once and
 * reused by every render of a scope through `extendJobContext`.
 *
 * @example
 * ```ts
 * const base = buildJobBaseContext({ job, realm, start: job.ts_start });
 * renderer.render('{{ vars.x }}', extendJobContext(base, { vars: { x: 1 } }), { field: 'args[0]' });
 * ```
 */
export function buildJobBaseContext(input: JobBaseContextInput): RenderContext {
  // As the original: `start` in the worker's local zone (dateutil `tzlocal()`), `ustart` in
  // `datetime.timezone.utc`.
  const zone = (toTz(input.tz) ?? UTC).as('tzlocal()', true);
  const whole = new Date(Math.floor(input.start.getTime() / 1000) * 1000);
  const start = PyDatetime.fromDate(whole, zone);
  const ustart = PyDatetime.fromDate(whole, UTC.as('datetime.timezone.utc'));
  const spec = input.job as PyDict;
  const globals = buildGlobals(input.globals ?? spec.globals);
  const state = asDict(input.state ?? spec.state, 'state');
  const job: PyDict = { ...spec, globals, state, ts_start: start, ts_ustart: ustart };
  if ('ts_dispatch' in job) job.ts_dispatch = toPyDatetime(job.ts_dispatch);
  const ctx: RenderContext = {
    job,
    realm: input.realm,
    globals,
    state,
    start,
    ustart,
    utils: input.utils ?? buildUtils(),
  };
  if ('result' in input) ctx.result = input.result;
  return ctx;
}

/**
 * `base` with `overlay` laid over it, without touching `base`: extras never shadow the run's
 * own names (`job`, `start`, `utils`...), as in `buildJobContext`. The maps the base built
 * (`job`, `globals`, `globals.lava`, `state`) are copied again, so a template that changes one
 * (`globals.update(...)`) changes only its own render, as when each render built its context.
 */
export function extendJobContext(base: RenderContext, overlay: JobContextOverlay): RenderContext {
  const globals = copyGlobals(base.globals as PyDict);
  const state: PyDict = { ...(base.state as PyDict) };
  const job: PyDict = { ...(base.job as PyDict), globals, state };
  const ctx: RenderContext = { ...overlay.extras, ...base, job, globals, state };
  if (overlay.vars !== undefined) ctx.vars = asDict(overlay.vars, 'vars');
  return ctx;
}

function copyGlobals(globals: PyDict): PyDict {
  return isDict(globals.lava) ? { ...globals, lava: { ...globals.lava } } : { ...globals };
}

/** Action context: the run context plus `result`. */
export function buildActionContext(input: JobContextInput & { result: unknown }): RenderContext {
  return buildJobContext(input);
}

export interface TriggerContextInput {
  bucket: string;
  key: string;
  /** Canonical event info; `event_time` becomes a datetime. */
  info: RecordLike;
  /** The raw S3/EventBridge record. */
  event: unknown;
  utils?: Utils;
}

/** s3trigger context: `bucket`, `key`, `info`, `event`, `utils` — no job, globals or state. */
export function buildTriggerContext(input: TriggerContextInput): RenderContext {
  const info: PyDict = { ...input.info };
  if ('event_time' in info) info.event_time = toPyDatetime(info.event_time);
  return {
    bucket: input.bucket,
    key: input.key,
    info,
    event: input.event,
    utils: input.utils ?? buildUtils(),
  };
}

/** `CONN_APP_NAME` context: `realm` (name), `job_id`, `conn_id`. */
export function buildConnAppNameContext(input: {
  realm: string;
  job_id: string;
  conn_id: string;
}): RenderContext {
  return { ...input };
}

/** `lava-state get` output template context: `state` (the item) and `s` (its value). */
export function buildStateOutputContext(input: { state: unknown; value: unknown }): RenderContext {
  return { state: input.state, s: input.value };
}
