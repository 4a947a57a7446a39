import { type HandlerContext, type HandlerResult } from '@lava/core';
import type { JobHandler } from '../handler';

/** `log`: writes the augmented job spec to the worker log. */
export class LogHandler implements JobHandler {
  readonly type = 'log';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    ctx.logger.info('Job specification', { job: ctx.job });
    return { exit_status: 0 };
  }
}
