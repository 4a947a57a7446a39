import { join } from 'node:path';
import type { HandlerContext, HandlerResult } from '@lava/core';
import type { JobHandler } from '../handler';
import { boolParameter } from '../sql/sql-parameters';
import { objectsFor, smbTransferParameters, streamToFile, withSmbClient } from '../transfer/smb-transfer';

/**
 * `smb_put`: copies `file` (a local file relative to `basedir`, or an S3 object) to
 * `share_name:path`, creating the target's directories first with `create_dirs`.
 */
export class SmbPutHandler implements JobHandler {
  readonly type = 'smb_put';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const t = await smbTransferParameters(ctx);
    const mkdirs = boolParameter(this.type, 'create_dirs', ctx.job.parameters.create_dirs, false);
    const objects = t.file.startsWith('s3://') ? objectsFor(ctx, false) : undefined;
    await withSmbClient(ctx, t, async (smb, scratch) => {
      let local = t.file;
      if (objects) await streamToFile(await objects.get(t.file), (local = join(scratch, 'upload')));
      await smb.put(local, t.share, t.path, { mkdirs });
    });
    return { exit_status: 0, source: t.file, destination: `${t.share}:${t.path}` };
  }
}
