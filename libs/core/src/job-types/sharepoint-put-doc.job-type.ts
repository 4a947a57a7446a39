import type { JobTypeSpec } from './job-type-spec';
import { SHAREPOINT_DOC_TRANSFER, SHAREPOINT_PARAM as P, SHAREPOINT_PAYLOAD } from './sharepoint-params';

export const SHAREPOINT_PUT_DOC_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_put_doc',
  summary:
    'Creates or replaces a SharePoint document from a local file or S3 object (upload session above 4 MB).',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    ...SHAREPOINT_DOC_TRANSFER,
    title: { description: 'Title of the document (rendered).', type: 'string' },
    jinja: P.jinja,
    vars: P.vars,
  },
  required: ['conn_id', 'library', 'path', 'file'],
  connectionParameters: ['conn_id'],
};
