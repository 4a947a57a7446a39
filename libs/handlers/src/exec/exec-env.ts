import { type HandlerContext, runConfig } from '@lava/core';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { jobBaseEnv } from '../sandbox/job-env';

export interface ExecEnvOptions {
  /** `parameters.env`, already checked to be string-valued. */
  env: Record<string, string>;
  jinja: boolean;
  vars: Record<string, unknown>;
  /** Handler extras such as LAVA_S3_PAYLOAD. */
  extras?: Record<string, string>;
}

/**
 * The environment of an executable, lowest precedence first: the allow-listed
 * part of the worker's environment and the run's connection variables (`jobBaseEnv`), the job's
 * `env` (rendered), handler extras, Lava identity, then a private TMPDIR. Unlike the original,
 * `env` is passed through unrendered when Jinja is off instead of dropped, and the worker's own
 * credentials never reach the job.
 */
export async function buildExecEnv(
  ctx: HandlerContext,
  options: ExecEnvOptions,
): Promise<Record<string, string>> {
  const env = jobBaseEnv(ctx);
  for (const [k, v] of Object.entries(options.env)) {
    env[k] = options.jinja ? await ctx.renderer.render(v, `parameters.env.${k}`, { vars: options.vars }) : v;
  }
  Object.assign(env, options.extras, identityEnv(ctx));
  if (runConfig(ctx, 'JOB_LOCAL_TMPDIR') !== 'false') env.TMPDIR = mkdtempSync(join(ctx.runDir, '.lava.'));
  return env;
}

/** The run's identity variables (`LAVA_REALM`, `LAVA_RUN_ID`, `LAVA_S3_TMP`...), as every executable gets them. */
export function identityEnv(ctx: HandlerContext): Record<string, string> {
  return {
    LAVA_REALM: ctx.job.realm,
    LAVA_WORKER: ctx.job.worker,
    LAVA_OWNER: typeof ctx.job.owner === 'string' ? ctx.job.owner : '',
    LAVA_JOB_ID: ctx.job.job_id,
    LAVA_RUN_ID: ctx.job.run_id,
    LAVA_S3_KEY: typeof ctx.realmRecord.s3_key === 'string' ? ctx.realmRecord.s3_key : '',
    LAVA_S3_TMP: ctx.outputs.prefix,
  };
}
