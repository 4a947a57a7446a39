import type { JobTypeSpec } from './job-type-spec';
import { SHAREPOINT_PARAM as P, SHAREPOINT_PAYLOAD } from './sharepoint-params';

export const SHAREPOINT_GET_MULTI_DOC_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_get_multi_doc',
  summary:
    'Downloads the documents of a SharePoint library folder (optionally matching a glob) to a directory or S3 prefix.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    conn_id: P.conn_id,
    library: P.library,
    path: { ...P.path, description: 'Absolute folder path in the library, e.g. `/Reports/` (rendered).' },
    outpath: {
      description:
        'Local directory (relative to `basedir`) or `s3://bucket/prefix` the file names are appended to (rendered).',
      type: 'string',
      minLength: 1,
    },
    glob: { description: 'Only files whose name matches this glob, any case (rendered).', type: 'string' },
    basedir: P.basedir,
    kms_key_id: P.kms_key_id,
    jinja: P.jinja,
    vars: P.vars,
  },
  required: ['conn_id', 'library', 'path', 'outpath'],
  connectionParameters: ['conn_id'],
};
