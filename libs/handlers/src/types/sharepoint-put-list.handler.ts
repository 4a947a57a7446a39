import type { HandlerContext, HandlerResult } from '@lava/core';
import { PUT_LIST_MODES, putList, readCsv, type PutListMode } from '@lava/connectors';
import { BadParametersError } from '../errors';
import { SharePointHandler } from '../sharepoint/sharepoint-handler';
import type { SharePointJob } from '../sharepoint/sharepoint-job';
import { boolParameter, csvOptions } from '../sql/sql-parameters';
import { splitNames } from './sharepoint-get-list.handler';

/** `sharepoint_put_list`: list items from a delimited file (append, replace, update, delete). */
export class SharepointPutListHandler extends SharePointHandler {
  readonly type = 'sharepoint_put_list';

  protected async runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    const list = await job.render('list');
    const file = await job.render('file');
    const mode = String(p.mode ?? 'append').toLowerCase() as PutListMode;
    if (!PUT_LIST_MODES.includes(mode))
      throw new BadParametersError(this.type, `Bad mode: ${String(p.mode)}`);
    const csv = csvOptions(ctx, this.type, 'SP_LIST_');
    const errorMissing = boolParameter(this.type, 'error_missing', p.error_missing, false);
    const { site, connection } = await job.site();
    const source = await job.read(await job.location(file));
    const result = await job.guard(connection, () =>
      putList(site, list, readCsv(source, csv), {
        mode,
        dataColumns: splitNames(p.data_columns),
        errorMissing,
      }),
    );
    ctx.logger.info('sharepoint list updated', { list, mode, rows: result.rows });
    return {
      exit_status: 0,
      list,
      file,
      mode,
      rows: result.rows,
      deleted: result.deleted,
      ignored_columns: result.ignoredColumns,
    };
  }
}
