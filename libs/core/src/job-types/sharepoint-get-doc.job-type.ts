import type { JobTypeSpec } from './job-type-spec';
import { SHAREPOINT_DOC_TRANSFER, SHAREPOINT_PARAM as P, SHAREPOINT_PAYLOAD } from './sharepoint-params';

export const SHAREPOINT_GET_DOC_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_get_doc',
  summary: 'Downloads a document from a SharePoint library to a local file or S3.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    ...SHAREPOINT_DOC_TRANSFER,
    kms_key_id: P.kms_key_id,
    jinja: P.jinja,
    vars: P.vars,
  },
  required: ['conn_id', 'library', 'path', 'file'],
  connectionParameters: ['conn_id'],
};
