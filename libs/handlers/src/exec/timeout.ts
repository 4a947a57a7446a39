import { parseDuration, runConfig, type HandlerContext, type RunConfigKey } from '@lava/core';
import { BadParametersError } from '../errors';

/** `parameters.timeout`, else run config `<KEY>` (e.g. CMD_TIMEOUT, default 10 minutes); in ms. */
export function timeoutMs(ctx: HandlerContext, configKey: RunConfigKey & `${string}_TIMEOUT`): number {
  const raw = ctx.job.parameters.timeout ?? runConfig(ctx, configKey);
  try {
    return Math.round(parseDuration(raw as string | number) * 1000);
  } catch {
    throw new BadParametersError(ctx.job.type, `timeout: bad duration ${JSON.stringify(raw)}`);
  }
}
