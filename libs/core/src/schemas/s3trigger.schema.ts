import { anyString, boolLike, delay, jsonMap, nonEmptyString, size, stringOrStrings } from './common.schema';

/** Schema of the fields every trigger kind shares (`TriggerDispatchFields`). */
export const TRIGGER_DISPATCH_PROPERTIES = {
  enabled: boolLike,
  parameters: jsonMap,
  globals: jsonMap,
  jinja: boolLike,
  delay,
  description: anyString,
  owner: anyString,
} as const;

/** The s3trigger record. Unknown keys are errors (as in the original). */
export const S3TRIGGER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    trigger_id: nonEmptyString,
    bucket: { type: 'string', pattern: '^[a-z0-9][-.a-z0-9]{1,61}[a-z0-9]$' },
    prefix: { type: 'string', minLength: 1, pattern: '[^/]$' },
    job_id: stringOrStrings,
    ...TRIGGER_DISPATCH_PROPERTIES,
    if_fnmatch: stringOrStrings,
    if_not_fnmatch: stringOrStrings,
    if_size_gt: size,
    if_not_size_gt: size,
    if_event_type: stringOrStrings,
    if_not_event_type: stringOrStrings,
  },
} as const;

export const S3TRIGGER_REQUIRED = ['trigger_id', 'bucket', 'prefix', 'job_id', 'enabled'] as const;
