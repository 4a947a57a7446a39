import { actionList, anyString, s3Location } from './common.schema';

/** Structure of a realm record. Unknown fields are tolerated. */
export const REALM_SCHEMA = {
  type: 'object',
  properties: {
    realm: { type: 'string', pattern: '^[a-z][a-z0-9_]{2,10}$' },
    s3_payloads: s3Location,
    s3_temp: s3Location,
    s3_key: anyString,
    config: { type: ['object', 'null'], lavaExpect: 'a map' },
    on_success: actionList,
    on_fail: actionList,
    on_retry: actionList,
    legacy_workers: {
      type: 'array',
      items: { type: 'string', lavaExpect: 'a worker name' },
      lavaExpect: "a list of worker fleets still served by the original's Python worker",
    },
  },
} as const;

export const REALM_REQUIRED = ['realm', 's3_payloads', 's3_temp'] as const;
