import type { Duration } from '../values/duration';
import type { Action } from './action';
import type { Json, JsonMap } from './json';

/** One entry of the `schedule` field as stored. */
export type ScheduleFieldEntry = string | { crontab: string; from?: string; to?: string };
/** The `schedule` field as stored, including the "no schedule" spellings. */
export type ScheduleField = ScheduleFieldEntry | ScheduleFieldEntry[] | '' | '--' | null;

/**
 * A `lava.<realm>.jobs` record after validation, with the loader's defaults applied:
 * `description`/`owner` `""`, `enabled` false, `max_tries` 0, `parameters`/`globals`/`state` `{}`.
 * `x-*` fields are removed.
 */
export interface JobSpec {
  job_id: string;
  type: string;
  worker: string;
  payload: Json;
  description: string;
  owner: string;
  /** Boolean switch, or a Jinja string that must render to `true`. */
  enabled: boolean | string;
  dispatcher?: string;
  schedule?: ScheduleField;
  /** Extension: IANA zone of `schedule` (default: the dispatcher's `CRON_TZ`). */
  timezone?: string;
  /** Extension: scheduler catch-up window, a duration (default 300 s; 0 turns catch-up off). */
  catchup?: Duration;
  parameters: JsonMap;
  globals: JsonMap;
  state: JsonMap;
  event_log?: Json;
  /** Attempts per run; 1 when absent (the run loop's default). */
  iteration_limit?: number;
  iteration_delay?: Duration;
  max_run_delay?: Duration;
  max_tries: number;
  cw_metrics?: boolean;
  on_success?: Action[];
  on_fail?: Action[];
  on_retry?: Action[];
  /** Fields the original did not know; present only in lenient mode (with a warning). */
  [unknownField: string]: unknown;
}

/** Fields the loader knows. Anything else is warned about (strict mode: rejected). */
export const JOB_FIELDS = [
  'job_id',
  'type',
  'worker',
  'payload',
  'description',
  'owner',
  'enabled',
  'dispatcher',
  'schedule',
  'timezone',
  'catchup',
  'parameters',
  'globals',
  'state',
  'event_log',
  'iteration_limit',
  'iteration_delay',
  'max_run_delay',
  'max_tries',
  'cw_metrics',
  'on_success',
  'on_fail',
  'on_retry',
] as const;

/** Run-time limits the worker enforces; configurable per realm. */
export const ITERATION_MAX_LIMIT = 10;
export const ITERATION_MAX_DELAY = '5m';
