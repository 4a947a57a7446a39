import { anyString, nonEmptyString } from './common.schema';

/** A state item as read: strict keys, `x-` keys not ignored. */
export const STATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state_id: nonEmptyString,
    type: { enum: ['json', 'raw', 'secure'] },
    value: {},
    timestamp: { type: 'string', lavaFormat: 'timestamp' },
    ttl: { type: 'number' },
    publisher: anyString,
  },
} as const;

export const STATE_REQUIRED = ['state_id', 'type', 'value', 'timestamp', 'ttl'] as const;
