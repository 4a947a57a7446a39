import type { JobTypeSpec } from './job-type-spec';
import {
  SHAREPOINT_LIST_FORMAT,
  SHAREPOINT_LIST_TRANSFER,
  SHAREPOINT_PARAM as P,
  SHAREPOINT_PAYLOAD,
} from './sharepoint-params';

export const SHAREPOINT_PUT_LIST_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_put_list',
  summary:
    'Adds, replaces, updates or deletes SharePoint list items from a delimited file with a header line.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    ...SHAREPOINT_LIST_TRANSFER,
    mode: {
      description:
        '`append` (default), `replace` (delete every item first), `update` or `delete` (both by an `ID` column).',
      type: 'string',
    },
    data_columns: P.data_columns,
    error_missing: {
      description:
        'Fail when the file has a column the list lacks (default false: such columns are ignored).',
      type: ['boolean', 'string'],
    },
    ...SHAREPOINT_LIST_FORMAT,
  },
  required: ['conn_id', 'list', 'file'],
  connectionParameters: ['conn_id'],
};
