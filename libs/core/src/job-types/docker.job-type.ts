import { PARAM, type JobTypeSpec } from './job-type-spec';

/** `host_config` keys a docker job may set (the original's names, after docker-py's `containers.run`). */
export const DOCKER_HOST_CONFIG_KEYS = [
  'cap_add',
  'cap_drop',
  'cpu_period',
  'cpu_quota',
  'cpu_shares',
  'cpuset_cpus',
  'cpuset_mems',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'extra_hosts',
  'group_add',
  'hostname',
  'mem_limit',
  'mem_swappiness',
  'memswap_limit',
  'nano_cpus',
  'network_disabled',
  'network_mode',
  'shm_size',
  'user',
  'working_dir',
] as const;

/** Image pull policies (`pull` parameter, `DOCKER_PULL` config). */
export const DOCKER_PULL_POLICIES = ['always', 'missing', 'never'] as const;

export const DOCKER_JOB_TYPE: JobTypeSpec = {
  type: 'docker',
  summary:
    'Runs a container from an image on the worker’s Docker engine (pulled from a registry or ECR, or local), with the run directory mounted as its working directory.',
  payload: {
    description:
      'The image: `repository[:tag]` or `repository@digest`, with an optional registry host (`127.0.0.1:5000/team/etl:1.2`); the tag defaults to `latest`.',
    type: 'string',
    minLength: 1,
  },
  parameters: {
    command: {
      description:
        'The command to run in the container, split like a shell (rendered); the image’s default entry point and command when absent.',
      type: 'string',
    },
    args: PARAM.args,
    connections: {
      ...PARAM.connections,
      description:
        'Connections to expose inside the container, as for exe/pkg: `LAVA_CONN_<LABEL>_*` variables with paths of read-only files, never a secret value.',
    },
    docker: {
      description:
        'conn_id of a `docker` connection: the engine and the registry credentials (default: the realm’s `docker` field, else the worker’s local engine without registry login).',
      type: 'string',
      minLength: 1,
    },
    env: PARAM.env,
    host_config: {
      description: `Container limits and settings (the original's names): ${DOCKER_HOST_CONFIG_KEYS.map((k) => `\`${k}\``).join(', ')}.`,
      type: 'object',
      propertyNames: { enum: [...DOCKER_HOST_CONFIG_KEYS] },
    },
    jinja: PARAM.jinja,
    pull: {
      description:
        'When to pull the image: `always`, `missing` or `never` (default: config `DOCKER_PULL`, else `always`).',
      type: 'string',
      enum: [...DOCKER_PULL_POLICIES],
    },
    timeout: {
      ...PARAM.timeout,
      description:
        'Kill and remove the container after this long, e.g. `10m` (default: config `DOCKER_TIMEOUT`, else 10 minutes).',
    },
    vars: PARAM.vars,
  },
  required: [],
  connectionParameters: ['connections', 'docker'],
};
