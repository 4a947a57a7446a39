import { JOB_IDS_PAYLOAD, PARAM, type JobTypeSpec } from './job-type-spec';

export const DISPATCH_JOB_TYPE: JobTypeSpec = {
  type: 'dispatch',
  summary: 'Dispatches other jobs (each becomes its own run).',
  payload: JOB_IDS_PAYLOAD,
  parameters: {
    job_prefix: PARAM.job_prefix,
    parameters: {
      description: 'Parameters sent with each dispatch (rendered unless `jinja` is false).',
      type: 'object',
    },
    delay: {
      description: 'Delay before the dispatched runs, e.g. `5m` (at most 15m).',
      type: ['number', 'string'],
    },
    jinja: PARAM.jinja,
  },
  required: [],
  connectionParameters: [],
};
