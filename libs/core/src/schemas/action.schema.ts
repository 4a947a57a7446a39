import { anyString, delay, duration, jsonMap, nonEmptyString, stringOrStrings } from './common.schema';

/**
 * One schema per action type. `strict` types reject unknown keys at run time in the
 * original; the others only check required keys (unknown keys warn here, strict mode rejects).
 */
export const ACTION_SCHEMAS: Record<string, { strict: boolean; schema: object }> = {
  dispatch: {
    strict: false,
    schema: {
      type: 'object',
      required: ['job_id'],
      properties: { action: anyString, job_id: nonEmptyString, parameters: jsonMap, delay },
    },
  },
  email: {
    strict: true,
    schema: {
      type: 'object',
      required: ['to', 'subject', 'message'],
      additionalProperties: false,
      properties: {
        action: anyString,
        to: stringOrStrings,
        subject: anyString,
        message: anyString,
        from: anyString,
        email_conn: nonEmptyString,
        attachments: { type: 'array', items: anyString },
        region: { type: 'string', pattern: '^[a-z]+-[a-z]+-[0-9]+$' },
      },
    },
  },
  event: {
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        action: anyString,
        source: anyString,
        detail_type: anyString,
        detail: {
          anyOf: [anyString, { type: 'object', additionalProperties: anyString }],
          lavaExpect: 'a string or map of strings',
        },
        resources: { type: 'array', items: anyString, lavaExpect: 'a list' },
        event_bus: anyString,
      },
    },
  },
  log: {
    strict: false,
    schema: { type: 'object', required: ['message'], properties: { action: anyString, message: anyString } },
  },
  slack: {
    strict: true,
    schema: {
      type: 'object',
      required: ['slack_conn', 'message'],
      additionalProperties: false,
      properties: {
        action: anyString,
        slack_conn: nonEmptyString,
        message: anyString,
        subject: anyString,
        from: anyString,
        style: { enum: ['block', 'attachment', 'plain'] },
        colour: anyString,
        preamble: anyString,
      },
    },
  },
  sns: {
    strict: false,
    schema: {
      type: 'object',
      required: ['topic', 'message'],
      properties: {
        action: anyString,
        topic: { type: 'string', pattern: '^arn:aws:sns:' },
        message: {},
        subject: anyString,
      },
    },
  },
  sqs: {
    strict: false,
    schema: {
      type: 'object',
      required: ['queue', 'message'],
      properties: {
        action: anyString,
        queue: nonEmptyString,
        message: {},
        delay,
        dedup_id: anyString,
        group_id: anyString,
      },
    },
  },
  state: {
    strict: true,
    schema: {
      type: 'object',
      required: ['state_id', 'value'],
      additionalProperties: false,
      properties: {
        action: anyString,
        state_id: nonEmptyString,
        value: {},
        type: { enum: ['json', 'raw', 'secure'] },
        ttl: duration,
        publisher: anyString,
        kms_key: { type: 'string', pattern: '^(alias/|arn:aws:kms:)' },
      },
    },
  },
};
