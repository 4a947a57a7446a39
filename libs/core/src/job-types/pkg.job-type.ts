import { PARAM, PROCESS_PARAMS, S3_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const PKG_JOB_TYPE: JobTypeSpec = {
  type: 'pkg',
  summary: 'Downloads a package (zip or tar) from S3, unpacks it and runs a program inside.',
  payload: S3_PAYLOAD,
  parameters: {
    command: { description: 'The command line to run inside the unpacked package.', type: 'string' },
    main: { description: 'The program inside the package to run (instead of `command`).', type: 'string' },
    ...PROCESS_PARAMS,
    connections: PARAM.connections,
  },
  required: [],
  connectionParameters: ['connections'],
};
