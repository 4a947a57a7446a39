import type { HandlerContext, HandlerResult } from '@lava/core';

/** One job type. Register it in a HandlerRegistry. Throw JobFailedError on failure. */
export interface JobHandler {
  readonly type: string;
  run(ctx: HandlerContext): Promise<HandlerResult>;
}
