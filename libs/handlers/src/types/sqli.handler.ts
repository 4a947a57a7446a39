import { JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';
import { DatabaseHandler } from '../sql/database-handler';
import { runSqlJob, sqlJobOptions } from '../sql/sql-job';

/**
 * `sqli`: inline SQL. The payload is a string or list of strings; result sets of
 * element m become `[output/]<m>.<n>.out` and the return map is keyed "0", "1", ....
 */
export class SqliHandler extends DatabaseHandler {
  readonly type = 'sqli';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const { connId, options } = sqlJobOptions(ctx, this.type);
    const payload = ctx.job.payload;
    const list = Array.isArray(payload) ? payload : [payload];
    if (list.length === 0 || !list.every((p) => typeof p === 'string')) {
      throw new JobFailedError('BAD_PAYLOAD', 'payload must be a string or a list of strings', {
        exit_status: 1,
      });
    }
    const scripts = (list as string[]).map((text, m) => ({ name: String(m), text }));
    return runSqlJob(ctx, this.registry, connId, scripts, options);
  }
}
