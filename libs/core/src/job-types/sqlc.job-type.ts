import { PARAM, S3_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const SQLC_JOB_TYPE: JobTypeSpec = {
  type: 'sqlc',
  summary: "Runs SQL files from S3 with the database's own command-line client (psql, mysql...).",
  payload: S3_PAYLOAD,
  parameters: {
    conn_id: PARAM.conn_id,
    args: PARAM.args,
    jinja: PARAM.jinja,
    timeout: PARAM.timeout,
    vars: PARAM.vars,
  },
  required: ['conn_id'],
  connectionParameters: ['conn_id'],
};
