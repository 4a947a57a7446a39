import { PARAM, type JobTypeSpec, type ParamSchema } from './job-type-spec';

/** Parameters smb_get and smb_put share (the original's names and meanings). */
export const SMB_PARAMS = {
  conn_id: { description: 'The `smb` connection of the file server.', type: 'string', minLength: 1 },
  share_name: { description: 'The name of the file share.', type: 'string', minLength: 1 },
  path: {
    description: 'The file on the share, POSIX style (`/` separators); rendered.',
    type: 'string',
    minLength: 1,
  },
  basedir: {
    description:
      'Directory a relative local `file` is taken from or written to (default: the run directory).',
    type: 'string',
  },
  jinja: PARAM.jinja,
  vars: PARAM.vars,
  timeout: {
    ...PARAM.timeout,
    description: 'Fail the transfer after this long (default `SMB_TIMEOUT`, else 10m).',
  },
} satisfies Record<string, ParamSchema>;

export const SMB_GET_JOB_TYPE: JobTypeSpec = {
  type: 'smb_get',
  summary: 'Copies a file from an SMB file share to a local file or an S3 object.',
  payload: { description: 'Ignored.' },
  parameters: {
    ...SMB_PARAMS,
    file: {
      description: 'Destination: `s3://bucket/key`, or a local file (relative to `basedir`); rendered.',
      type: 'string',
      minLength: 1,
    },
    kms_key_id: { description: 'KMS key for the S3 object written (SSE-KMS).', type: 'string', minLength: 1 },
  },
  required: ['conn_id', 'file', 'path', 'share_name'],
  connectionParameters: ['conn_id'],
};
