import { PROCESS_PARAMS, type JobTypeSpec } from './job-type-spec';

export const CMD_JOB_TYPE: JobTypeSpec = {
  type: 'cmd',
  summary: 'Runs a command line on the worker (split like a shell; no shell features).',
  payload: { description: 'The command line, e.g. `sh -c "echo {{ vars.n }}"` (rendered).', type: 'string' },
  parameters: PROCESS_PARAMS,
  required: [],
  connectionParameters: [],
};
