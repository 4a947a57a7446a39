/** Building blocks of the record schemas. `lavaExpect` names the expectation in error messages. */

export const nonEmptyString = { type: 'string', minLength: 1 } as const;
export const anyString = { type: 'string' } as const;
export const jsonMap = { type: 'object', lavaExpect: 'a map' } as const;
export const duration = { lavaFormat: 'duration', lavaExpect: 'a duration' } as const;
export const nonNegDuration = {
  lavaFormat: 'nonneg-duration',
  lavaExpect: 'a duration',
} as const;
/** A delay: a duration truncated to whole seconds, 0-900. */
export const delay = { lavaFormat: 'delay', lavaExpect: 'a duration' } as const;
export const size = { lavaFormat: 'size', lavaExpect: 'a size' } as const;
/** A boolean or a boolean word (`true`, `no`, `1`...), parsed strictly. */
export const boolLike = { lavaFormat: 'boolean', lavaExpect: 'a boolean' } as const;
export const posint = { lavaFormat: 'posint', lavaExpect: 'an integer >= 1' } as const;
export const stringOrStrings = {
  anyOf: [nonEmptyString, { type: 'array', items: nonEmptyString, minItems: 1 }],
  lavaExpect: 'a string or a list of strings',
} as const;
export const s3Location = {
  type: 'string',
  lavaFormat: 's3-location',
  lavaExpect: 'an S3 location',
} as const;
/** An action list (`on_success`, `on_fail`, `on_retry`) of a job or a realm; each action is checked in code. */
export const actionList = {
  type: 'array',
  items: { type: 'object', lavaExpect: 'an action map' },
  lavaExpect: 'a list of actions',
};
