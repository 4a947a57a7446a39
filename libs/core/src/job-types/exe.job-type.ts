import { PARAM, S3_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const EXE_JOB_TYPE: JobTypeSpec = {
  type: 'exe',
  summary: 'Downloads an executable from S3 and runs it.',
  payload: S3_PAYLOAD,
  parameters: {
    args: PARAM.args,
    connections: PARAM.connections,
    env: PARAM.env,
    jinja: PARAM.jinja,
    timeout: PARAM.timeout,
    vars: PARAM.vars,
  },
  required: [],
  connectionParameters: ['connections'],
};
