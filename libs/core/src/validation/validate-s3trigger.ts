import type { S3TriggerSpec } from '../models/s3trigger';
import { S3TRIGGER_REQUIRED, S3TRIGGER_SCHEMA } from '../schemas/s3trigger.schema';
import { parseBoolean } from '../values/boolean';
import {
  checkRecord,
  checkReservedGlobals,
  finish,
  type RecordRules,
  type ValidateOptions,
  type ValidationResult,
} from './record-validator';

/**
 * Validates an s3trigger record. Unknown keys are errors. `enabled` and `jinja` are parsed
 * strictly (the original used truthiness, so `"false"` enabled a trigger); `jinja` defaults to
 * true and `delay` to 0 (0-900 s). Globals starting with `lava` are refused, as the schema said.
 *
 * @throws ValidationError listing every problem.
 */
export function validateS3Trigger(raw: unknown, opts: ValidateOptions = {}): ValidationResult<S3TriggerSpec> {
  const rules = {
    kind: 's3trigger',
    idField: 'trigger_id',
    schema: S3TRIGGER_SCHEMA,
    required: S3TRIGGER_REQUIRED,
  };
  return validateTriggerRecord<S3TriggerSpec>(raw, rules, opts);
}

/**
 * The checks every trigger kind shares (s3triggers and rules): unknown keys are errors, `x-*` keys
 * ignored, globals may not start with `lava`; `enabled`/`jinja` parsed strictly, `jinja` defaults
 * to true and `delay` to 0.
 *
 * @throws ValidationError listing every problem.
 */
export function validateTriggerRecord<T>(
  raw: unknown,
  rules: Pick<RecordRules, 'kind' | 'idField' | 'schema' | 'required'>,
  opts: ValidateOptions,
): ValidationResult<T> {
  const ctx = checkRecord(raw, { ...rules, ignoreExtensions: true }, opts);
  checkReservedGlobals(ctx);
  const warnings = finish(ctx, rules.kind);
  const rec = ctx.record;
  const value = {
    jinja: true,
    delay: 0,
    ...rec,
    enabled: parseBoolean(rec.enabled),
    ...(rec.jinja !== undefined ? { jinja: parseBoolean(rec.jinja) } : {}),
  } as T;
  return { value, warnings };
}
