import { parseSize, type HandlerContext } from '@lava/core';

/** Per-object payload size limit in bytes from config `<KEY>` (e.g. EXE_MAX_PAYLOAD_SIZE). */
export function payloadLimit(ctx: HandlerContext, key: string, fallback: string): number {
  return parseSize(ctx.config(key) ?? fallback);
}
