import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HandlerContext, HandlerResult } from '@lava/core';
import type { JobHandler } from '../handler';
import { objectsFor, smbTransferParameters, withSmbClient } from '../transfer/smb-transfer';

/**
 * `smb_get`: copies `share_name:path` from an SMB file share to `file`, a local file (relative to
 * `basedir`, default the run directory) or an S3 object (SSE-KMS with `kms_key_id`). S3 targets
 * go through a scratch file in the run directory, removed afterwards.
 */
export class SmbGetHandler implements JobHandler {
  readonly type = 'smb_get';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const t = await smbTransferParameters(ctx);
    const toS3 = t.file.startsWith('s3://');
    const objects = toS3 ? objectsFor(ctx, true) : undefined;
    await withSmbClient(ctx, t, async (smb, scratch) => {
      const local = toS3 ? join(scratch, 'download') : t.file;
      await mkdir(dirname(local), { recursive: true });
      await smb.get(t.share, t.path, local);
      if (objects) await objects.put!(t.file, createReadStream(local), { kmsKeyId: t.kmsKeyId });
    });
    return { exit_status: 0, source: `${t.share}:${t.path}`, destination: t.file };
  }
}
