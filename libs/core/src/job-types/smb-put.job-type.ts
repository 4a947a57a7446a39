import { type JobTypeSpec } from './job-type-spec';
import { SMB_PARAMS } from './smb-get.job-type';

export const SMB_PUT_JOB_TYPE: JobTypeSpec = {
  type: 'smb_put',
  summary: 'Copies a local file or an S3 object to an SMB file share.',
  payload: { description: 'Ignored.' },
  parameters: {
    ...SMB_PARAMS,
    file: {
      description: 'Source: `s3://bucket/key`, or a local file (relative to `basedir`); rendered.',
      type: 'string',
      minLength: 1,
    },
    create_dirs: {
      description: "Create the target's directory and its parents on the share when missing (default false).",
      type: ['boolean', 'string'],
    },
    kms_key_id: { description: 'Accepted for compatibility; not used (the source is read).', type: 'string' },
  },
  required: ['conn_id', 'file', 'path', 'share_name'],
  connectionParameters: ['conn_id'],
};
