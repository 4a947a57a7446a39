import { RUN_STATUSES } from '../events/statuses';
import { nonEmptyString } from './common.schema';

const nullableString = { type: ['string', 'null'] } as const;
const status = { enum: [...RUN_STATUSES] } as const;

/** An events-table item. */
export const EVENT_RECORD_SCHEMA = {
  type: 'object',
  properties: {
    job_id: nonEmptyString,
    run_id: nonEmptyString,
    status,
    ts_dispatch: nullableString,
    ts_event: { type: 'string', lavaFormat: 'timestamp' },
    tu_event: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' },
    ttl: { type: ['number', 'null'] },
    worker: nullableString,
    hostname: nullableString,
    worker_id: nullableString,
    instance_id: nullableString,
    log: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'ts_event', 'tu_event', 'info'],
        additionalProperties: false,
        properties: { status, ts_event: { type: 'string' }, tu_event: { type: 'string' }, info: {} },
      },
    },
  },
} as const;

export const EVENT_RECORD_REQUIRED = ['job_id', 'run_id', 'status', 'ts_event', 'tu_event', 'log'] as const;
export const EVENT_RECORD_FIELDS = [
  ...EVENT_RECORD_REQUIRED,
  'ts_dispatch',
  'ttl',
  'worker',
  'hostname',
  'worker_id',
  'instance_id',
] as const;
