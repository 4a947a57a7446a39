import type { JobTypeSpec } from './job-type-spec';

export const LOG_JOB_TYPE: JobTypeSpec = {
  type: 'log',
  summary: 'Writes the job specification, as the worker sees it, to the worker log (for testing).',
  payload: { description: 'Anything; logged as is.' },
  parameters: {},
  required: [],
  connectionParameters: [],
  anyParameters: true,
};
