import { PARAM, UNUSED_PAYLOAD, type ParamSchema } from './job-type-spec';

const STRING = (description: string): ParamSchema => ({ description, type: 'string', minLength: 1 });
const BOOL = (description: string): ParamSchema => ({ description, type: ['boolean', 'string'] });

/** Parameters shared by the sharepoint_* job types (each described once). */
export const SHAREPOINT_PARAM = {
  conn_id: STRING('The `sharepoint` connection (site and credentials).'),
  library: STRING('SharePoint document library name (rendered).'),
  path: STRING('Absolute document path in the library, POSIX style, e.g. `/Reports/x.csv` (rendered).'),
  file: STRING('Local file (relative to `basedir`) or `s3://bucket/key` (rendered).'),
  basedir: STRING('Directory for a relative `file` (default: the run directory).'),
  kms_key_id: STRING('KMS key for objects written to S3.'),
  list: STRING('SharePoint list name; the list must exist (rendered).'),
  data_columns: STRING('Comma-separated column names to transfer (default: all data columns).'),
  delimiter: STRING('Field delimiter, one character (default `|`).'),
  quotechar: STRING('Quote character (default `"`).'),
  escapechar: STRING('Escape character (default none).'),
  doublequote: BOOL('A quote inside a field is written as two quotes (default true).'),
  quoting: STRING('`minimal`, `all`, `nonnumeric` or `none` (default `minimal`).'),
  jinja: PARAM.jinja,
  vars: PARAM.vars,
} satisfies Record<string, ParamSchema>;

/** The document and the local or S3 file of sharepoint_get_doc and sharepoint_put_doc. */
export const SHAREPOINT_DOC_TRANSFER = {
  conn_id: SHAREPOINT_PARAM.conn_id,
  library: SHAREPOINT_PARAM.library,
  path: SHAREPOINT_PARAM.path,
  file: SHAREPOINT_PARAM.file,
  basedir: SHAREPOINT_PARAM.basedir,
};

/** The list and the local or S3 file of sharepoint_get_list and sharepoint_put_list. */
export const SHAREPOINT_LIST_TRANSFER = {
  conn_id: SHAREPOINT_PARAM.conn_id,
  list: SHAREPOINT_PARAM.list,
  file: SHAREPOINT_PARAM.file,
  basedir: SHAREPOINT_PARAM.basedir,
};

/** The delimited-file format of the list transfers, and template rendering (the last parameters of both). */
export const SHAREPOINT_LIST_FORMAT = {
  delimiter: SHAREPOINT_PARAM.delimiter,
  quotechar: SHAREPOINT_PARAM.quotechar,
  escapechar: SHAREPOINT_PARAM.escapechar,
  doublequote: SHAREPOINT_PARAM.doublequote,
  quoting: SHAREPOINT_PARAM.quoting,
  jinja: SHAREPOINT_PARAM.jinja,
  vars: SHAREPOINT_PARAM.vars,
};

export const SHAREPOINT_PAYLOAD: ParamSchema = UNUSED_PAYLOAD;
