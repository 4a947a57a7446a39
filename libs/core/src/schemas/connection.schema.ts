import { anyString, boolLike, nonEmptyString } from './common.schema';

/** Common connection fields; connector-specific fields pass through. */
export const CONNECTION_SCHEMA = {
  type: 'object',
  properties: {
    conn_id: nonEmptyString,
    type: nonEmptyString,
    enabled: boolLike,
    description: anyString,
    owner: anyString,
    secret_id: anyString,
    password: anyString,
  },
} as const;

export const CONNECTION_REQUIRED = ['conn_id', 'type'] as const;
/** Connection fields whose values may appear in error messages; all others are hidden. */
export const CONNECTION_SAFE_FIELDS = ['conn_id', 'type', 'enabled', 'description', 'owner'] as const;
