import { JOB_FIELDS, type JobSpec } from '../models/job';
import { isPlainObject } from '../models/json';
import { isValidWorkerName } from '../naming/realm-resources';
import { JOB_REQUIRED, JOB_SCHEMA } from '../schemas/job.schema';
import { checkScheduleField, isEmptySchedule } from '../schedule/schedule-field';
import { parseBoolean } from '../values/boolean';
import { parseInteger } from '../values/integer';
import { joinPointer, pointer } from './issues';
import { checkActionLists } from './validate-actions';
import { checkOrchestrationJob } from '../models/orchestration-mode';
import {
  checkRecord,
  checkReservedGlobals,
  finish,
  type RecordContext,
  type ValidateOptions,
  type ValidationResult,
} from './record-validator';

const RULES = {
  kind: 'job',
  idField: 'job_id',
  schema: JOB_SCHEMA,
  required: JOB_REQUIRED,
  ignoreExtensions: true,
  knownFields: JOB_FIELDS,
  // The loader replaces falsy maps with {} (so a stored null or "" is valid); keep that.
  normalise: (rec: Record<string, unknown>): void => {
    for (const key of ['parameters', 'globals']) if (key in rec && !rec[key]) rec[key] = {};
  },
};

/**
 * Validates a job record and applies the loader's defaults. Unknown fields are warnings
 * (errors with `strict`); `x-*` fields are removed from `value` (store the original input, not
 * `value`, to keep them).
 *
 * @example const { value, warnings } = validateJob(yaml.parse(text), { source: 'jobs/load.yaml' });
 * @throws ValidationError listing every problem (record, JSON path, rule, non-secret value).
 */
export function validateJob(raw: unknown, opts: ValidateOptions = {}): ValidationResult<JobSpec> {
  const ctx = checkRecord(raw, RULES, opts);
  const rec = ctx.record;
  checkReservedGlobals(ctx);
  checkSchedule(ctx);
  checkActionLists(ctx);
  checkWorkerName(ctx);
  for (const [path, message] of checkOrchestrationJob(ctx.record))
    ctx.issues.error(path, 'orchestration', message);
  warnMissing(ctx);
  const warnings = finish(ctx, 'job');
  return { value: applyDefaults(rec), warnings };
}

function checkSchedule(ctx: RecordContext): void {
  const { record: rec, issues } = ctx;
  if (!('schedule' in rec)) return;
  const { problems } = checkScheduleField(rec.schedule);
  for (const p of problems) {
    const message = p.entry ? `Bad schedule entry ${p.entry}: ${p.message}` : p.message;
    issues.error(pointer('schedule') + p.path, 'schedule', message);
  }
  // An empty schedule on a job with a dispatcher made a broken cron line in the original.
  if (typeof rec.dispatcher === 'string' && isEmptySchedule(rec.schedule)) {
    issues.error(pointer('schedule'), 'schedule', 'A job with a dispatcher needs a schedule', rec.schedule);
  }
  if (rec.dispatcher === undefined && !isEmptySchedule(rec.schedule)) {
    issues.warn(pointer('schedule'), 'schedule', 'schedule is ignored: the job has no dispatcher');
  }
}

function checkWorkerName(ctx: RecordContext): void {
  const worker = ctx.record.worker;
  if (typeof worker === 'string' && worker && !isValidWorkerName(worker)) {
    ctx.issues.warn(
      pointer('worker'),
      'pattern',
      'worker name does not follow the naming rules; no queue can exist for it',
      worker,
    );
  }
}

function warnMissing(ctx: RecordContext): void {
  for (const key of ['description', 'owner']) {
    if (!(key in ctx.record))
      ctx.issues.warn(pointer(key), 'recommended', `${key} is missing (it will become mandatory)`);
  }
  const state = ctx.record.state;
  if (isPlainObject(state)) {
    for (const id of Object.keys(state).filter((k) => /^lava/i.test(k))) {
      ctx.issues.error(
        joinPointer(pointer('state'), id),
        'reserved-name',
        `Bad state_id: Values beginning with "lava" are reserved`,
      );
    }
  }
}

function applyDefaults(rec: Record<string, unknown>): JobSpec {
  const out: Record<string, unknown> = {
    description: '',
    owner: '',
    enabled: false,
    max_tries: 0,
    parameters: {},
    globals: {},
    state: {},
    ...rec,
  };
  if (out.iteration_limit !== undefined) out.iteration_limit = parseInteger(out.iteration_limit, { min: 1 });
  if (out.cw_metrics !== undefined) out.cw_metrics = parseBoolean(out.cw_metrics);
  return out as JobSpec;
}
