import { PARAM, UNUSED_PAYLOAD, type JobTypeSpec } from './job-type-spec';

export const REDSHIFT_UNLOAD_JOB_TYPE: JobTypeSpec = {
  type: 'redshift_unload',
  summary: 'Unloads Redshift tables or views to S3 with UNLOAD, one relation after another.',
  payload: UNUSED_PAYLOAD,
  parameters: {
    conn_id: { description: 'The Redshift connection.', type: 'string', minLength: 1 },
    bucket: { description: 'Target S3 bucket.', type: 'string', minLength: 1 },
    prefix: {
      description: 'Target S3 prefix (rendered per relation, with `schema` and `relation`).',
      type: 'string',
      minLength: 1,
    },
    key: { description: 'Deprecated spelling of `prefix`.', type: 'string', minLength: 1 },
    schema: { description: 'Schema of the relations.', type: 'string', minLength: 1 },
    relation: {
      description: 'A table or view name, or a list of them.',
      type: ['string', 'array'],
      items: { type: 'string', minLength: 1 },
    },
    args: {
      description:
        'UNLOAD options (`CSV`, `HEADER`, `GZIP`, `PARALLEL OFF`, `PARTITION BY (...)`...), authorization excluded.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    where: { description: 'A WHERE condition without the keyword (rendered).', type: 'string', minLength: 1 },
    dateformat: {
      description: 'Redshift format applied to DATE columns, e.g. `YYYY-MM-DD`.',
      type: 'string',
      minLength: 1,
    },
    s3_iam_role: {
      description: 'IAM role ARN the cluster uses to write S3 (`IAM_ROLE`).',
      type: 'string',
      minLength: 1,
    },
    s3_conn_id: {
      description: 'An `aws` connection whose keys the cluster uses instead.',
      type: 'string',
      minLength: 1,
    },
    insecure: {
      description:
        'Skip the bucket checks made before unloading (no public ACL grant, default encryption, server access logging, owned by this account). Default false.',
      type: ['boolean', 'string'],
    },
    start: { description: 'Relation of the list to start with.', type: 'string', minLength: 1 },
    stop_on_fail: {
      description: 'Stop at the first failed unload (default true).',
      type: ['boolean', 'string'],
    },
    vars: PARAM.vars,
  },
  required: ['conn_id', 'bucket', 'schema', 'relation', 'args'],
  connectionParameters: ['conn_id', 's3_conn_id'],
};
