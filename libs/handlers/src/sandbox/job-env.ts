import { runConfig, type HandlerContext } from '@lava/core';

/**
 * Worker variables a job process inherits: where programs are, locale and time zone, and the AWS
 * region (not a credential). Nothing else of the worker's environment reaches a job: no AWS
 * credentials or container-credential endpoint (`AWS_CONTAINER_CREDENTIALS_*`, and on ECS the
 * task metadata endpoint `ECS_CONTAINER_METADATA_URI*`), no endpoint URLs, no broker URL. Operators add names with the `JOB_ENV_ALLOW` config (comma-separated).
 */
export const JOB_ENV_ALLOWED: readonly string[] = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'TZ',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];
const ALLOWED_PREFIXES = ['LC_'];

/** Variables a job must never get from the worker, even when an operator allows them by name. */
const NEVER =
  /^(AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|CONTAINER_|WEB_IDENTITY|ROLE_ARN|ENDPOINT_URL|PROFILE|SHARED_CREDENTIALS_FILE|CONFIG_FILE))|^ECS_CONTAINER_METADATA_URI|^LAVA_(BROKER|GRANT)/;

/** The allow-listed part of `workerEnv`, plus `HOME` set to the run directory. */
export function scrubbedEnv(
  workerEnv: Readonly<Record<string, string | undefined>>,
  options: { runDir: string; extraAllowed?: readonly string[] },
): Record<string, string> {
  const allowed = new Set([...JOB_ENV_ALLOWED, ...(options.extraAllowed ?? [])]);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(workerEnv)) {
    if (v === undefined || NEVER.test(k)) continue;
    if (allowed.has(k) || ALLOWED_PREFIXES.some((p) => k.startsWith(p))) env[k] = v;
  }
  env.HOME = options.runDir;
  return env;
}

/** A job process's starting environment: scrubbed worker variables, then what wrappers added (connections). */
export function jobBaseEnv(ctx: HandlerContext): Record<string, string> {
  const extra = runConfig(ctx, 'JOB_ENV_ALLOW')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { ...scrubbedEnv(ctx.baseEnv, { runDir: ctx.runDir, extraAllowed: extra }), ...ctx.jobEnv };
}
