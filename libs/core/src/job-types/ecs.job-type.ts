import { PARAM, type JobTypeSpec } from './job-type-spec';

const STRINGS = { type: 'array', items: { type: 'string' } };
const UNITS = { type: ['integer', 'string'] };

/**
 * `ecs`: runs one task of an ECS task definition and waits for it (docs/ecs-jobs.md). It takes no
 * `connections`: environment overrides are visible to anyone allowed `ecs:DescribeTasks`, so a task
 * gets its secrets from its own task definition (`secrets`) or task role.
 */
export const ECS_JOB_TYPE: JobTypeSpec = {
  type: 'ecs',
  summary:
    'Runs an ECS task (Fargate or EC2) and waits for it; its exit code is the run status and its CloudWatch Logs become run outputs.',
  payload: {
    description: 'The task definition: `family`, `family:revision` or an ARN (rendered).',
    type: 'string',
    minLength: 1,
  },
  parameters: {
    cluster: {
      description: 'Cluster name or ARN (default: config `ECS_CLUSTER`, else `default`).',
      type: 'string',
    },
    launch_type: {
      description: '`FARGATE` (default), `EC2` or `EXTERNAL`.',
      type: 'string',
      enum: ['FARGATE', 'EC2', 'EXTERNAL'],
    },
    container: {
      description:
        'The container the `command` and `env` overrides apply to, and whose exit code is the run status (default: overrides go to the first container; the status is the first non-zero exit code of any container).',
      type: 'string',
    },
    command: { ...STRINGS, description: "Replaces the container's command (each item rendered)." },
    env: {
      ...PARAM.env,
      description:
        'Environment overrides of the container (rendered). Visible in DescribeTasks: never put secrets here.',
    },
    cpu: { ...UNITS, description: 'Task CPU units override (1024 = one vCPU).' },
    memory: { ...UNITS, description: 'Task memory override in MiB.' },
    subnets: { ...STRINGS, description: 'awsvpc subnets (default: config `ECS_SUBNETS`, comma-separated).' },
    security_groups: {
      ...STRINGS,
      description: 'awsvpc security groups (default: config `ECS_SECURITY_GROUPS`, comma-separated).',
    },
    assign_public_ip: {
      type: ['boolean', 'string'],
      description: 'Give the task a public IP (default false).',
    },
    platform_version: { type: 'string', description: 'Fargate platform version (default: `LATEST`).' },
    timeout: {
      ...PARAM.timeout,
      description:
        'Stop the task (StopTask) and fail the run after this long (default: config `ECS_TIMEOUT`, else 10m).',
    },
    jinja: PARAM.jinja,
    vars: PARAM.vars,
  },
  required: [],
  connectionParameters: [],
};
