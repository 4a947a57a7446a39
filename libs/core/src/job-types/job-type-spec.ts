/** A JSON schema fragment with a description (used for validation and the generated reference). */
export interface ParamSchema {
  description: string;
  type?: string | string[];
  enum?: readonly unknown[];
  items?: object;
  additionalProperties?: boolean | object;
  [keyword: string]: unknown;
}

/**
 * What a job type accepts, declared once: used by `lava job validate`/`put` (before a job runs)
 * and to generate the job-spec reference (docs/reference/job-types.md).
 */
export interface JobTypeSpec {
  type: string;
  summary: string;
  /** What `payload` holds for this type. */
  payload: ParamSchema;
  /** The allowed `parameters` (any other key is an error, except `x-*`). */
  parameters: Record<string, ParamSchema>;
  required: readonly string[];
  /** Parameters holding a conn_id (string) or a map of name to conn_id (`connections`). */
  connectionParameters: readonly string[];
  /** Any parameters are accepted (the type reads none). */
  anyParameters?: boolean;
  /** Parameters and payload are checked in depth by `validateJob` itself (foreach, dag). */
  checkedByValidateJob?: boolean;
}

const BOOLEAN: ParamSchema = { description: '', type: ['boolean', 'string'] };
const DURATION: ParamSchema = { description: '', type: ['number', 'string'] };

/** Fragments shared by several job types, each described once. */
export const PARAM = {
  args: {
    description: 'Arguments appended to the command line (strings or numbers; rendered).',
    type: 'array',
    items: { type: ['string', 'number'] },
  },
  env: {
    description: 'Extra environment variables (string values; rendered).',
    type: 'object',
    additionalProperties: { type: 'string' },
  },
  vars: { description: 'Values available to templates as `vars`.', type: 'object' },
  jinja: { ...BOOLEAN, description: 'Render templates in the payload and parameters (default true).' },
  timeout: {
    ...DURATION,
    description: 'Kill the run after this long, e.g. `10m` (default: the worker limit).',
  },
  connections: {
    description:
      'Connections to expose to the program: a map of name to conn_id (environment variables per connection).',
    type: 'object',
    additionalProperties: { type: 'string' },
  },
  conn_id: {
    description: 'The connection (conn_id in the connections table) to run the SQL on.',
    type: 'string',
    minLength: 1,
  },
  batch_size: { description: 'Rows fetched or written per batch.', type: ['integer', 'string'] },
  statement_timeout: { ...DURATION, description: 'Cancel a statement on the server after this long.' },
  transaction: { ...BOOLEAN, description: 'Run all statements in one transaction (default false).' },
  raw: {
    ...BOOLEAN,
    description: 'Send each file as one statement instead of splitting it at `;` (default false).',
  },
  job_prefix: { description: 'Prefix added to each job id of the payload.', type: 'string' },
  delimiter: { description: 'Output field separator (default `|`).', type: 'string' },
  dialect: { description: 'CSV dialect: `excel`, `excel-tab` or `unix`.', type: 'string' },
  doublequote: { ...BOOLEAN, description: 'Double a quote character inside a field (default true).' },
  escapechar: { description: 'Escape character for output fields (default none).', type: ['string', 'null'] },
  quotechar: { description: 'Quote character (default `"`).', type: 'string' },
  quoting: { description: 'When to quote: `minimal`, `all`, `nonnumeric` or `none`.', type: 'string' },
  header: { ...BOOLEAN, description: 'Write a header line with the column names (default false).' },
} satisfies Record<string, ParamSchema>;

/** Delimited output parameters of the SQL job types. */
export const CSV_PARAMS = {
  delimiter: PARAM.delimiter,
  dialect: PARAM.dialect,
  doublequote: PARAM.doublequote,
  escapechar: PARAM.escapechar,
  quotechar: PARAM.quotechar,
  quoting: PARAM.quoting,
  header: PARAM.header,
};

/** The payload of the job types that read none. */
export const UNUSED_PAYLOAD: ParamSchema = { description: 'Not used (may be null).' };

/** The payload of the job types that run other jobs (chain, dispatch). */
export const JOB_IDS_PAYLOAD: ParamSchema = {
  description: 'Job ids: a list, or a comma-separated string.',
  type: ['string', 'array'],
  items: { type: 'string' },
};

/** Parameters of the job types that run a process (cmd, exe, pkg): its arguments, environment, rendering and time limit. */
export const PROCESS_PARAMS: Record<string, ParamSchema> = {
  args: PARAM.args,
  env: PARAM.env,
  jinja: PARAM.jinja,
  timeout: PARAM.timeout,
  vars: PARAM.vars,
};

/** A payload of S3 locations under the realm's `s3_payloads` (one, or a list). */
export const S3_PAYLOAD: ParamSchema = {
  description: 'An object key under the realm `s3_payloads` prefix, or a list of them.',
  type: ['string', 'array'],
  items: { type: 'string' },
};
