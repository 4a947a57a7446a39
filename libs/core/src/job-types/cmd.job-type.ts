import { PARAM, type JobTypeSpec } from './job-type-spec';

export const CMD_JOB_TYPE: JobTypeSpec = {
  type: 'cmd',
  summary: 'Runs a command line on the worker (split like a shell; no shell features).',
  payload: { description: 'The command line, e.g. `sh -c "echo {{ vars.n }}"` (rendered).', type: 'string' },
  parameters: {
    args: PARAM.args,
    env: PARAM.env,
    jinja: PARAM.jinja,
    timeout: PARAM.timeout,
    vars: PARAM.vars,
  },
  required: [],
  connectionParameters: [],
};
