import type { JobTypeSpec } from './job-type-spec';
import { SHAREPOINT_PARAM as P, SHAREPOINT_PAYLOAD } from './sharepoint-params';

export const SHAREPOINT_GET_DOC_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_get_doc',
  summary: 'Downloads a document from a SharePoint library to a local file or S3.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    conn_id: P.conn_id,
    library: P.library,
    path: P.path,
    file: P.file,
    basedir: P.basedir,
    kms_key_id: P.kms_key_id,
    jinja: P.jinja,
    vars: P.vars,
  },
  required: ['conn_id', 'library', 'path', 'file'],
  connectionParameters: ['conn_id'],
};
