import { stat } from 'node:fs/promises';
import type { HandlerContext, HandlerResult } from '@lava/core';
import { SharePointHandler } from '../sharepoint/sharepoint-handler';
import type { SharePointJob } from '../sharepoint/sharepoint-job';

/** `sharepoint_put_doc`: creates or replaces a document (an upload session above 4 MB). */
export class SharepointPutDocHandler extends SharePointHandler {
  readonly type = 'sharepoint_put_doc';

  protected async runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult> {
    const library = await job.render('library');
    const path = await job.render('path');
    const file = await job.render('file');
    const title = await job.optional('title');
    const { site, connection } = await job.site();
    const source = await job.localSource(await job.location(file));
    const { size } = await stat(source);
    const item = await job.guard(connection, () => site.putDoc(library, path, source, title));
    ctx.logger.info('sharepoint document uploaded', { library, path, bytes: size });
    return { exit_status: 0, library, path, file, bytes: size, item_id: item.id };
  }
}
