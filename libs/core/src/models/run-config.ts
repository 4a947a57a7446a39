/**
 * The run configuration: settings a run reads while it runs (limits, defaults of job parameters),
 * looked up as env `LAVA_<KEY>` on the worker, else the realm's `config` map, else the default
 * here. Each key and its default are defined once, here; handlers and actions read them through
 * `runConfig`, and the configuration reference is generated from this table.
 */
export interface RunConfigEntry {
  /** Built-in default; absent when unset means "not configured" (or a computed default, described). */
  readonly default?: string;
  readonly description: string;
}

const RUN_CONFIG_ENTRIES = {
  TZ: {
    default: 'UTC',
    description: 'zone of local start times in templates, `globals.lava` and dispatched children',
  },
  DEBUG: {
    default: 'false',
    description: 'true, 1 or yes: a failed run’s event carries the error’s stack trace (`exception`)',
  },
  ITERATION_MAX_LIMIT: { default: '10', description: 'largest `iteration_limit` a job may set' },
  ITERATION_MAX_DELAY: { default: '5m', description: 'largest `iteration_delay` a job may set' },
  STDERR_SIZE: {
    default: '2000',
    description: 'bytes of a failed process’s stderr quoted in its run event (negative: from the end)',
  },
  LIVE_LOG_SECONDS: {
    default: '2',
    description: 'how often a running process’s output is copied to S3 for `lava logs --follow`',
  },
  JOB_LOCAL_TMPDIR: {
    default: 'true',
    description: 'false: job processes keep the worker’s `TMPDIR` instead of one in their run directory',
  },
  JOB_ENV_ALLOW: {
    default: '',
    description: 'comma-separated extra worker variables passed to job processes (never credentials)',
  },
  CMD_TIMEOUT: { default: '10m', description: '`cmd` jobs without `parameters.timeout`' },
  EXE_TIMEOUT: { default: '10m', description: '`exe` jobs without `parameters.timeout`' },
  PKG_TIMEOUT: { default: '10m', description: '`pkg` jobs without `parameters.timeout`' },
  DOCKER_TIMEOUT: { default: '10m', description: '`docker` jobs without `parameters.timeout`' },
  ECS_TIMEOUT: { default: '10m', description: '`ecs` jobs without `parameters.timeout`' },
  SMB_TIMEOUT: { default: '10m', description: '`smb_get`/`smb_put` jobs without `parameters.timeout`' },
  SQLC_TIMEOUT: {
    default: '10m',
    description: '`sqlc` jobs without `parameters.timeout` (each payload file)',
  },
  SQLV_TIMEOUT: { default: '10m', description: '`sqlv` jobs without `parameters.timeout`' },
  EXE_MAX_PAYLOAD_SIZE: { default: '10M', description: 'largest `exe` payload object' },
  PKG_MAX_PAYLOAD_SIZE: { default: '20M', description: 'largest `pkg` payload archive' },
  PKG_UNPACK_TIMEOUT: { default: '30s', description: 'time a `pkg` archive gets to unpack' },
  SQL_MAX_PAYLOAD_SIZE: { default: '100K', description: 'largest `sql`/`sqlv` payload file' },
  SQLC_MAX_PAYLOAD_SIZE: { default: '100K', description: 'largest `sqlc` payload file' },
  SQL_BATCH_SIZE: {
    default: '1024',
    description: 'rows fetched per round trip by SQL jobs without `batch_size`',
  },
  SQL_OUTPUT_SUFFIX: { default: '.out', description: 'suffix of SQL jobs’ output objects' },
  CONN_APP_NAME: {
    default: 'lv-{{ realm }}-{{ job_id }}',
    description: 'database client application name of every session (a template; empty turns it off)',
  },
  DB_FROM_S3_TIMEOUT: {
    description: '`db_from_s3` jobs without `parameters.timeout` (else `PG_COPY_TIMEOUT`)',
  },
  PG_COPY_TIMEOUT: { default: '30m', description: 'the original’s name of `DB_FROM_S3_TIMEOUT`' },
  FOREACH_LIMIT: { default: '10', description: '`foreach` jobs without `limit`' },
  FOREACH_MAX_LIMIT: { default: '25', description: 'largest `limit` of a `foreach` job' },
  DAG_WORKERS: { description: '`dag` members at once without `workers` (default: the worker’s CPU count)' },
  DAG_MAX_WORKERS: {
    default: '10',
    description: 'largest `workers` of a `dag` job (more is reduced, with a warning)',
  },
  FLEET_CONCURRENCY: {
    default: '4',
    description: 'children at once of a fleet-mode `foreach`/`dag` without `concurrency`',
  },
  FLEET_MAX_CONCURRENCY: {
    default: '50',
    description: 'largest `concurrency` of a fleet-mode `foreach`/`dag`',
  },
  DISPATCH_MAX_HOPS: {
    default: '16',
    description:
      'longest chain of runs dispatching runs before it is refused (stops cycles such as A → B → A)',
  },
  DOCKER_PULL: { default: 'always', description: '`docker` jobs without `pull`: always, missing or never' },
  ECS_CLUSTER: { default: 'default', description: '`ecs` jobs without `cluster`' },
  ECS_SUBNETS: { description: 'comma-separated subnets of `ecs` jobs without `subnets`' },
  ECS_SECURITY_GROUPS: {
    description: 'comma-separated security groups of `ecs` jobs without `security_groups`',
  },
  ECS_POLL_INTERVAL: { default: '5s', description: 'how often an `ecs` job asks for its task’s state' },
  ECS_STOP_WAIT: {
    default: '2m',
    description: 'time a task Lava stopped (timeout, shutdown) gets to reach STOPPED before the run fails',
  },
  STATE_TTL: { default: '7d', description: 'lifetime of state items written without `ttl`' },
  STATE_MAX_TTL: { default: '366d', description: 'longest state item lifetime' },
  SES_FROM: { description: 'sender of `email` actions and helpers without `from`' },
  SES_REGION: { description: 'SES region of `email` actions without `region`' },
  SES_CONFIGURATION_SET: { description: 'SES configuration set of sent emails' },
  EMAIL_MAX_SIZE: { default: '5M', description: 'largest email an `email` action sends' },
  EMAIL_MAX_ATTACHMENTS: { default: '5', description: 'most attachments of one email' },
  EMAIL_MAX_ATTACHMENT_SIZE: { default: '2M', description: 'largest attachment' },
} satisfies Record<string, RunConfigEntry>;

/** A key of the run configuration. */
export type RunConfigKey = keyof typeof RUN_CONFIG_ENTRIES;

/** Every run configuration key with its default and meaning. */
export const RUN_CONFIG: Readonly<Record<RunConfigKey, RunConfigEntry>> = RUN_CONFIG_ENTRIES;

/**
 * Key families read with a computed name: CSV options of SQL jobs (`SQL_DELIMITER`, …) and of the
 * SharePoint list jobs (`SP_LIST_DELIMITER`, …). Their defaults are the CSV defaults of those jobs.
 */
export const RUN_CONFIG_FAMILIES: Readonly<Record<string, string>> = {
  'SQL_<CSV option>':
    'defaults of SQL jobs’ `delimiter`, `quotechar`, `quoting`, `dialect`, `doublequote`, `escapechar`',
  'SP_LIST_<CSV option>': 'the same for `sharepoint_get_list`/`sharepoint_put_list`',
};

/** Anything that looks configuration up by key (a handler's or action's context, the runner's deps). */
export interface RunConfigSource {
  config(key: string): string | undefined;
}

/** The keys that have a built-in default, so always have a value. */
export type DefaultedRunConfigKey = {
  [K in RunConfigKey]: (typeof RUN_CONFIG_ENTRIES)[K] extends { default: string } ? K : never;
}[RunConfigKey];

/** `key` as configured for this run, else its built-in default (undefined when it has none). */
export function runConfig(source: RunConfigSource, key: DefaultedRunConfigKey): string;
export function runConfig(source: RunConfigSource, key: RunConfigKey): string | undefined;
export function runConfig(source: RunConfigSource, key: RunConfigKey): string | undefined {
  return source.config(key) ?? RUN_CONFIG[key].default;
}
