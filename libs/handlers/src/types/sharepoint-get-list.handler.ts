import { Readable } from 'node:stream';
import type { HandlerContext, HandlerResult } from '@lava/core';
import { DelimitedWriter, listOutputColumns, listRows, resolveDelimitedOptions } from '@lava/connectors';
import { SharePointHandler } from '../sharepoint/sharepoint-handler';
import type { SharePointJob } from '../sharepoint/sharepoint-job';
import { boolParameter, csvOptions } from '../sql/sql-parameters';

/** `sharepoint_get_list`: a list to a delimited file, header line first (default). */
export class SharepointGetListHandler extends SharePointHandler {
  readonly type = 'sharepoint_get_list';

  protected async runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    const list = await job.render('list');
    const file = await job.render('file');
    const writer = new DelimitedWriter(
      resolveDelimitedOptions({
        ...csvOptions(ctx, this.type, 'SP_LIST_'),
        header: boolParameter(this.type, 'header', p.header, true),
      }),
    );
    const { site, connection } = await job.site();
    let rows = 0;
    await job.guard(connection, async () => {
      const listId = await site.listId(list);
      const names = listOutputColumns(
        await site.columns(listId),
        splitNames(p.data_columns),
        splitNames(p.system_columns),
      );
      async function* lines() {
        if (writer.opts.header) yield writer.formatRow(names);
        for await (const row of listRows(site, listId, names)) {
          rows++;
          yield writer.formatRow(row);
        }
      }
      await job.write(await job.location(file), Readable.from(lines()));
    });
    ctx.logger.info('sharepoint list downloaded', { list, rows });
    return { exit_status: 0, list, file, rows };
  }
}

/** `a, b` → ['a', 'b']; absent → undefined. */
export function splitNames(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
