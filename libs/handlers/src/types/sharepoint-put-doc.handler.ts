import { stat } from 'node:fs/promises';
import type { HandlerContext, HandlerResult } from '@lava/core';
import type { JobHandler } from '../handler';
import { SharePointJob, type SharePointGraphOptions } from '../sharepoint/sharepoint-job';

/** `sharepoint_put_doc`: creates or replaces a document (an upload session above 4 MB). */
export class SharepointPutDocHandler implements JobHandler {
  readonly type = 'sharepoint_put_doc';

  constructor(private readonly graph: SharePointGraphOptions = {}) {}

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const job = new SharePointJob(this.type, ctx, this.graph);
    const library = job.render('library');
    const path = job.render('path');
    const file = job.render('file');
    const title = job.optional('title');
    const { site, connection } = await job.site();
    const source = await job.localSource(job.location(file));
    const { size } = await stat(source);
    const item = await job.guard(connection, () => site.putDoc(library, path, source, title));
    ctx.logger.info('sharepoint document uploaded', { library, path, bytes: size });
    return { exit_status: 0, library, path, file, bytes: size, item_id: item.id };
  }
}
