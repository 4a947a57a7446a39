import type { JobTypeSpec } from './job-type-spec';
import {
  SHAREPOINT_LIST_FORMAT,
  SHAREPOINT_LIST_TRANSFER,
  SHAREPOINT_PARAM as P,
  SHAREPOINT_PAYLOAD,
} from './sharepoint-params';

export const SHAREPOINT_GET_LIST_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_get_list',
  summary: 'Writes a SharePoint list to a delimited file (local or S3), one item per line.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    ...SHAREPOINT_LIST_TRANSFER,
    kms_key_id: P.kms_key_id,
    data_columns: P.data_columns,
    system_columns: {
      description: 'Comma-separated system columns to add (e.g. `ID,Created`).',
      type: 'string',
    },
    header: {
      description: 'Write a header line of column names (default true).',
      type: ['boolean', 'string'],
    },
    ...SHAREPOINT_LIST_FORMAT,
  },
  required: ['conn_id', 'list', 'file'],
  connectionParameters: ['conn_id'],
};
