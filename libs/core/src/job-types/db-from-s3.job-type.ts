import { PARAM, UNUSED_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const DB_FROM_S3_JOB_TYPE: JobTypeSpec = {
  type: 'db_from_s3',
  summary: 'Loads a CSV object from S3 into a database table in one transaction.',
  payload: UNUSED_PAYLOAD,
  parameters: {
    db_conn_id: { description: 'The database connection to load into.', type: 'string', minLength: 1 },
    bucket: { description: 'S3 bucket of the data (rendered).', type: 'string' },
    key: { description: 'S3 key of the data (rendered).', type: 'string' },
    schema: { description: 'Target schema (rendered).', type: 'string' },
    table: { description: 'Target table (rendered).', type: 'string' },
    mode: {
      description: 'How to load: `append`, `truncate`, `delete`, `drop`, `switch` or `abort` (if not empty).',
      type: 'string',
    },
    columns: {
      description: 'Target columns, in the order of the data.',
      type: 'array',
      items: { type: 'string' },
    },
    args: {
      description:
        "The engine's COPY options as the original took them: Redshift COPY options (`CSV`, `GZIP`, `IGNOREHEADER 1`...), PostgreSQL COPY options for `aws_s3`, the original's mapping for Aurora MySQL, or the streamed loader's `DELIMITER`, `HEADER`, `GZIP`, `MANIFEST`...",
      type: ['array', 'object'],
    },
    s3_conn_id: {
      description:
        "An `aws` connection whose keys a server-side load passes to the database (Redshift COPY, aws_s3); default: the database's own IAM role.",
      type: 'string',
    },
    s3_iam_role: {
      description: 'IAM role ARN for Redshift COPY (`IAM_ROLE`); preferred over `s3_conn_id` keys.',
      type: 'string',
    },
    min_size: {
      description: 'Fail when the object is smaller than this size, e.g. `1K`.',
      type: ['number', 'string'],
    },
    skip_missing: {
      description: 'Succeed without loading when the object is missing (default false).',
      type: ['boolean', 'string'],
    },
    jinja: PARAM.jinja,
    vars: PARAM.vars,
    method: {
      description:
        'Load method: `auto` (server-side on Redshift, RDS/Aurora PostgreSQL and Aurora MySQL, else streamed), `server`, or streamed `copy` / `insert`.',
      type: 'string',
    },
    batch_size: PARAM.batch_size,
    timeout: PARAM.timeout,
  },
  required: ['db_conn_id', 'bucket', 'key', 'schema', 'table', 'mode'],
  connectionParameters: ['db_conn_id', 's3_conn_id'],
};
