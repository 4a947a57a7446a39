import { globMatch, type HandlerContext, type HandlerResult } from '@lava/core';
import { SharePointHandler } from '../sharepoint/sharepoint-handler';
import type { SharePointJob } from '../sharepoint/sharepoint-job';

/** `sharepoint_get_multi_doc`: every file of a library folder (matching `glob`, any case). */
export class SharepointGetMultiDocHandler extends SharePointHandler {
  readonly type = 'sharepoint_get_multi_doc';

  protected async runJob(job: SharePointJob, ctx: HandlerContext): Promise<HandlerResult> {
    const library = await job.render('library');
    const path = await job.render('path');
    const outpath = await job.render('outpath');
    const glob = await job.optional('glob');
    const { site, connection } = await job.site();
    const files = await job.guard(connection, async () => {
      const entries = await site.listFolder(library, path);
      return entries.filter((e) => !e.folder && (!glob || globMatch(glob, e.name, { ignoreCase: true })));
    });
    const folder = path.endsWith('/') ? path : `${path}/`;
    for (const f of files) {
      // S3: the file name is appended to the prefix as given (the original's rule); local: a directory.
      const target = outpath.startsWith('s3://')
        ? `${outpath}${f.name}`
        : `${outpath.replace(/\/+$/, '')}/${f.name}`;
      await job.guard(connection, async () =>
        job.write(await job.location(target), await site.getDoc(library, folder + f.name)),
      );
    }
    ctx.logger.info('sharepoint documents downloaded', { library, path, count: files.length });
    return { exit_status: 0, library, path, outpath, count: files.length, files: files.map((f) => f.name) };
  }
}
