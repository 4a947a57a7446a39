import { PARAM, PROCESS_PARAMS, S3_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const EXE_JOB_TYPE: JobTypeSpec = {
  type: 'exe',
  summary: 'Downloads an executable from S3 and runs it.',
  payload: S3_PAYLOAD,
  parameters: {
    ...PROCESS_PARAMS,
    connections: PARAM.connections,
  },
  required: [],
  connectionParameters: ['connections'],
};
