import { CSV_PARAMS, PARAM, S3_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const SQLV_JOB_TYPE: JobTypeSpec = {
  type: 'sqlv',
  summary: 'Runs SQL files from S3 on one session; all result sets go to one stdout object.',
  payload: S3_PAYLOAD,
  parameters: {
    conn_id: PARAM.conn_id,
    batch_size: PARAM.batch_size,
    format: {
      description:
        'Output format of result sets: `csv` (default), `jsonl`, `html` (a table per result set) or `parquet` (one result set).',
      enum: ['csv', 'jsonl', 'html', 'parquet'],
    },
    raw: PARAM.raw,
    transaction: PARAM.transaction,
    level: { description: 'Run log level.', enum: ['debug', 'info', 'warning', 'error', 'critical'] },
    ...CSV_PARAMS,
    jinja: PARAM.jinja,
    timeout: PARAM.timeout,
    statement_timeout: PARAM.statement_timeout,
    vars: PARAM.vars,
  },
  required: ['conn_id'],
  connectionParameters: ['conn_id'],
};
