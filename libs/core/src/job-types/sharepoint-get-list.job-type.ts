import type { JobTypeSpec } from './job-type-spec';
import { SHAREPOINT_PARAM as P, SHAREPOINT_PAYLOAD } from './sharepoint-params';

export const SHAREPOINT_GET_LIST_JOB_TYPE: JobTypeSpec = {
  type: 'sharepoint_get_list',
  summary: 'Writes a SharePoint list to a delimited file (local or S3), one item per line.',
  payload: SHAREPOINT_PAYLOAD,
  parameters: {
    conn_id: P.conn_id,
    list: P.list,
    file: P.file,
    basedir: P.basedir,
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
    delimiter: P.delimiter,
    quotechar: P.quotechar,
    escapechar: P.escapechar,
    doublequote: P.doublequote,
    quoting: P.quoting,
    jinja: P.jinja,
    vars: P.vars,
  },
  required: ['conn_id', 'list', 'file'],
  connectionParameters: ['conn_id'],
};
