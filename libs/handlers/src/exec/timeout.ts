import { parseDuration, type HandlerContext } from '@lava/core';
import { BadParametersError } from '../errors';

/** `parameters.timeout`, else config `<KEY>` (e.g. CMD_TIMEOUT), else 10 minutes; in ms. */
export function timeoutMs(ctx: HandlerContext, configKey: string): number {
  const raw = ctx.job.parameters.timeout ?? ctx.config(configKey) ?? '10m';
  try {
    return Math.round(parseDuration(raw as string | number) * 1000);
  } catch {
    throw new BadParametersError(ctx.job.type, `timeout: bad duration ${JSON.stringify(raw)}`);
  }
}
