import {
  actionList,
  boolLike,
  jsonMap,
  nonEmptyString,
  nonNegDuration,
  anyString,
  posint,
} from './common.schema';

/**
 * Structure of a job record. Required keys, unknown keys, reserved globals, `schedule`
 * and actions are checked in code, so that each gets the original's message.
 */
export const JOB_SCHEMA = {
  type: 'object',
  properties: {
    // Both end up in S3 keys, queue names and directories: no `..`, no stray characters.
    job_id: { type: 'string', minLength: 1, lavaFormat: 'job-id', lavaExpect: 'a job id' },
    type: nonEmptyString,
    worker: { type: 'string', minLength: 1, lavaFormat: 'worker-name', lavaExpect: 'a worker name' },
    payload: {},
    description: anyString,
    owner: anyString,
    enabled: { type: ['boolean', 'string'], lavaExpect: 'a boolean or a Jinja string' },
    dispatcher: nonEmptyString,
    /** Extension: IANA zone of the schedule; overrides the dispatcher's CRON_TZ. */
    timezone: { type: 'string', lavaFormat: 'timezone', lavaExpect: 'an IANA time zone name' },
    /** Extension: catch-up window after a scheduler outage (default 5m; 0 turns it off). */
    catchup: nonNegDuration,
    parameters: jsonMap,
    globals: jsonMap,
    state: jsonMap,
    event_log: {},
    iteration_limit: posint,
    iteration_delay: nonNegDuration,
    max_run_delay: nonNegDuration,
    max_tries: { type: 'integer', minimum: 0, lavaExpect: 'an integer >= 0' },
    cw_metrics: boolLike,
    on_success: actionList,
    on_fail: actionList,
    on_retry: actionList,
  },
} as const;

export const JOB_REQUIRED = ['job_id', 'type', 'worker', 'payload'] as const;
