import { CSV_PARAMS, PARAM, S3_PAYLOAD, type JobTypeSpec, type ParamSchema } from './job-type-spec';

/** Parameters of `sql` and `sqli`. */
export const SQL_PARAMETERS: Record<string, ParamSchema> = {
  conn_id: PARAM.conn_id,
  batch_size: PARAM.batch_size,
  ...CSV_PARAMS,
  output: {
    description: 'Sub-directory (letters, digits, `_`) for the result files.',
    type: 'string',
    pattern: '^\\w+$',
  },
  raw: PARAM.raw,
  transaction: PARAM.transaction,
  jinja: PARAM.jinja,
  render_first: {
    description: 'Render the whole text before splitting it into statements (default false).',
    type: ['boolean', 'string'],
  },
  vars: PARAM.vars,
  statement_timeout: PARAM.statement_timeout,
  timeout: PARAM.timeout,
};

export const SQL_JOB_TYPE: JobTypeSpec = {
  type: 'sql',
  summary: 'Runs SQL files from S3 on a connection; each result set becomes an output file.',
  payload: S3_PAYLOAD,
  parameters: SQL_PARAMETERS,
  required: ['conn_id'],
  connectionParameters: ['conn_id'],
};
