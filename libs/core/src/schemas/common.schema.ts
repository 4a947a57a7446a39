/** Building blocks of the record schemas. `lavaExpect` names the expectation in error messages. */

export const nonEmptyString = { type: 'string', minLength: 1 } as const;
export const anyString = { type: 'string' } as const;
export const jsonMap = { type: 'object', lavaExpect: 'a map' } as const;
export const duration = { type: ['number', 'string'], lavaFormat: 'duration', lavaExpect: 'a duration' } as const;
export const nonNegDuration = {
  type: ['number', 'string'],
  lavaFormat: 'nonneg-duration',
  lavaExpect: 'a duration',
} as const;
/** A delay: a duration truncated to whole seconds, 0-900. */
export const delay = { type: ['number', 'string'], lavaFormat: 'delay', lavaExpect: 'a duration' } as const;
export const size = { type: ['number', 'string'], lavaFormat: 'size', lavaExpect: 'a size' } as const;
/** A boolean or a boolean word (`true`, `no`, `1`...), parsed strictly. */
export const boolLike = { type: ['boolean', 'string'], lavaFormat: 'boolean', lavaExpect: 'a boolean' } as const;
export const posint = { type: ['integer', 'string'], lavaFormat: 'posint', lavaExpect: 'an integer >= 1' } as const;
export const stringOrStrings = {
  anyOf: [nonEmptyString, { type: 'array', items: nonEmptyString, minItems: 1 }],
  lavaExpect: 'a string or a list of strings',
} as const;
export const s3Location = { type: 'string', lavaFormat: 's3-location', lavaExpect: 'an S3 location' } as const;
