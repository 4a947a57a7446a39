import { basename } from 'node:path';
import type { JobHandler } from '../handler';
import type { OutputEntry } from '../exec/exec-step';
import { checkDeclaredParameters } from '../exec/parameters';
import { payloadLimit } from '../exec/payload-limit';
import { processInputs, runExecutable } from '../exec/process-job';
import { shellSplit, JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';

/** `exe`: downloads executables from S3 and runs each in order. */
export class ExeHandler implements JobHandler {
  readonly type = 'exe';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    if (typeof ctx.job.payload !== 'string') {
      throw new JobFailedError('BAD_PAYLOAD', 'Only single string payloads are supported for exe jobs');
    }
    const [location, ...payloadArgs] = shellSplit(ctx.job.payload, { comments: false });
    if (!location) throw new JobFailedError('BAD_PAYLOAD', 'payload required');
    const { args, env } = await processInputs(ctx, this.type, payloadArgs, {
      field: 'args',
      wording: 'Bad payload or args',
      extras: { LAVA_S3_PAYLOAD: payloadUri(ctx, location) },
    });
    const [downloaded] = await ctx.payloads.download(
      [location],
      ctx.runDir,
      payloadLimit(ctx, 'EXE_MAX_PAYLOAD_SIZE'),
    );
    const output: OutputEntry[] = [];
    const run = { args, cwd: ctx.runDir, env, timeoutKey: 'EXE_TIMEOUT' } as const;
    for (const file of downloaded?.files ?? []) {
      output.push(await runExecutable(ctx, { ...run, file, name: basename(file) }, output));
    }
    return { exit_status: 0, output };
  }
}

/** `<s3_payloads>/<location>`, as exported to the executable in LAVA_S3_PAYLOAD. */
export function payloadUri(ctx: HandlerContext, location: string): string {
  const base = String(ctx.realmRecord.s3_payloads ?? '');
  return `${base.replace(/\/+$/, '')}/${location}`;
}
