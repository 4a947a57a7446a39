import { parseSize, runConfig, type HandlerContext, type RunConfigKey } from '@lava/core';

/** Per-object payload size limit in bytes from run config `<KEY>` (e.g. EXE_MAX_PAYLOAD_SIZE). */
export function payloadLimit(ctx: HandlerContext, key: RunConfigKey & `${string}_MAX_PAYLOAD_SIZE`): number {
  return parseSize(runConfig(ctx, key));
}
