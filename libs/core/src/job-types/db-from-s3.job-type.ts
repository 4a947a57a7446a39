import { PARAM, type JobTypeSpec } from './job-type-spec';

export const DB_FROM_S3_JOB_TYPE: JobTypeSpec = {
  type: 'db_from_s3',
  summary: 'Loads a CSV object from S3 into a database table in one transaction.',
  payload: { description: 'Not used (may be null).' },
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
      description: 'Load options (format, delimiter, header...), as the original COPY arguments.',
      type: ['array', 'object'],
    },
    s3_conn_id: {
      description: 'An `aws` connection for reading the object (default: the worker role).',
      type: 'string',
    },
    s3_iam_role: { description: 'An IAM role for the database to read S3 (Redshift COPY).', type: 'string' },
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
      description: 'Load method: `copy` or `insert` (default: the best the database has).',
      type: 'string',
    },
    batch_size: PARAM.batch_size,
    timeout: PARAM.timeout,
  },
  required: ['db_conn_id', 'bucket', 'key', 'schema', 'table', 'mode'],
  connectionParameters: ['db_conn_id', 's3_conn_id'],
};
