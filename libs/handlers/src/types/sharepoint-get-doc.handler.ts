import type { HandlerContext, HandlerResult } from '@lava/core';
import { SharePointHandler } from '../sharepoint/sharepoint-handler';
import type { SharePointJob } from '../sharepoint/sharepoint-job';

/** `sharepoint_get_doc`: one document from a library to a local file or S3 object. */
export class SharepointGetDocHandler extends SharePointHandler {
  readonly type = 'sharepoint_get_doc';

  protected async runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult> {
    const library = await job.render('library');
    const path = await job.render('path');
    const file = await job.render('file');
    const { site, connection } = await job.site();
    await job.guard(connection, async () =>
      job.write(await job.location(file), await site.getDoc(library, path)),
    );
    ctx.logger.info('sharepoint document downloaded', { library, path, file });
    return { exit_status: 0, library, path, file };
  }
}
