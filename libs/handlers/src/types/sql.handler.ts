import { JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DatabaseHandler } from '../sql/database-handler';
import { payloadLimit } from '../exec/payload-limit';
import { runSqlJob, sqlJobOptions } from '../sql/sql-job';

/**
 * `sql`: runs SQL files from S3 in process. Each result set becomes
 * `[output/]<file basename>.<n>.out` under the run's output prefix.
 */
export class SqlHandler extends DatabaseHandler {
  readonly type = 'sql';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const { connId, options } = sqlJobOptions(ctx, this.type);
    const entries = payloadEntries(ctx.job.payload);
    const downloaded = await ctx.payloads.download(
      entries,
      ctx.runDir,
      payloadLimit(ctx, 'SQL_MAX_PAYLOAD_SIZE'),
    );
    const scripts = downloaded
      .flatMap((d) => d.files)
      .map((file) => ({ name: basename(file), text: readFileSync(file, 'utf8') }));
    return runSqlJob(ctx, this.registry, connId, scripts, options);
  }
}

/** A payload of S3 locations: one string or a list of strings (v2 downloader). */
export function payloadEntries(payload: unknown): string[] {
  const list = Array.isArray(payload) ? payload : [payload];
  if (list.length === 0 || !list.every((p) => typeof p === 'string' && p.trim() !== '')) {
    throw new JobFailedError('BAD_PAYLOAD', 'payload must be an S3 location or a list of them', {
      exit_status: 1,
    });
  }
  return list as string[];
}
