import { inOrder, JobFailedError, type EcsTaskRequest, type HandlerContext, runConfig } from '@lava/core';
import { BadParametersError } from '../errors';
import { envParameter, jinjaParameter, varsParameter } from '../exec/parameters';
import { originalWording } from '../exec/original-wording';

const TYPE = 'ecs';
const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL'] as const;

/**
 * The RunTask request of an `ecs` job: payload and parameters rendered, realm config defaults
 * (`ECS_CLUSTER`, `ECS_SUBNETS`, `ECS_SECURITY_GROUPS`) applied. The environment holds the job's
 * `env` only, never the worker's environment or anything released by the secrets broker.
 */
export async function ecsTaskRequest(ctx: HandlerContext): Promise<EcsTaskRequest> {
  const p = ctx.job.parameters;
  const vars = varsParameter(TYPE, p.vars);
  const render = jinjaParameter(p.jinja)
    ? (text: string, field: string) =>
        originalWording('Bad parameters', () => ctx.renderer.render(text, field, { vars }))
    : async (text: string) => text;
  if (typeof ctx.job.payload !== 'string' || !ctx.job.payload.trim())
    throw new JobFailedError(
      'BAD_PAYLOAD',
      'payload required: the task definition (family, family:revision or ARN)',
    );
  const env = envParameter(TYPE, p.env);
  const subnets = strings('subnets', p.subnets) ?? configList(ctx, 'ECS_SUBNETS');
  const command = strings('command', p.command);
  return {
    cluster: await render(optionalString('cluster', p.cluster) ?? runConfig(ctx, 'ECS_CLUSTER'), 'cluster'),
    taskDefinition: await render(ctx.job.payload.trim(), 'payload'),
    launchType: launchType(p.launch_type),
    container: optionalString('container', p.container),
    command: command && (await inOrder(command, (c, i) => render(c, `command[${i}]`))),
    environment:
      p.env === undefined
        ? undefined
        : Object.fromEntries(
            await inOrder(Object.entries(env), async ([k, v]) => [k, await render(v, `env.${k}`)] as const),
          ),
    cpu: units('cpu', p.cpu),
    memory: units('memory', p.memory),
    network: subnets?.length
      ? {
          subnets,
          securityGroups:
            strings('security_groups', p.security_groups) ?? configList(ctx, 'ECS_SECURITY_GROUPS'),
          assignPublicIp: p.assign_public_ip === true || p.assign_public_ip === 'true',
        }
      : undefined,
    platformVersion: optionalString('platform_version', p.platform_version),
    // ECS caps startedBy at 128 characters; the run id is what finds the task again.
    startedBy: `lava/${ctx.job.run_id}`.slice(0, 128),
  };
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !value)
    throw new BadParametersError(TYPE, `${name} must be a non-empty string`);
  return value;
}

function strings(name: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new BadParametersError(TYPE, `${name} must be a list of strings`);
  return value as string[];
}

function units(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!/^[1-9]\d*$/.test(String(value)))
    throw new BadParametersError(TYPE, `${name} must be a positive integer`);
  return String(value);
}

function launchType(value: unknown): EcsTaskRequest['launchType'] {
  if (value === undefined || value === null) return 'FARGATE';
  if (!(LAUNCH_TYPES as readonly unknown[]).includes(value))
    throw new BadParametersError(TYPE, `launch_type must be one of ${LAUNCH_TYPES.join(', ')}`);
  return value as EcsTaskRequest['launchType'];
}

function configList(ctx: HandlerContext, key: 'ECS_SUBNETS' | 'ECS_SECURITY_GROUPS'): string[] | undefined {
  const list = runConfig(ctx, key)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list?.length ? list : undefined;
}
