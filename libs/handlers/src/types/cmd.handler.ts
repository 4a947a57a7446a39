import type { JobHandler } from '../handler';
import { runExecStep } from '../exec/exec-step';
import { checkDeclaredParameters } from '../exec/parameters';
import { processInputs } from '../exec/process-job';
import { shellSplit, JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';
import { timeoutMs } from '../exec/timeout';

/** `cmd`: runs one command line, no shell. */
export class CmdHandler implements JobHandler {
  readonly type = 'cmd';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const payload = ctx.job.payload;
    if (typeof payload !== 'string' || !payload.trim())
      throw new JobFailedError('BAD_PAYLOAD', 'payload required');
    const { args: argv, env } = await processInputs(ctx, this.type, splitPayload(payload), {
      field: 'payload',
      wording: 'Bad payload',
    });
    const entry = await runExecStep(
      ctx,
      {
        label: payload,
        argv,
        cwd: ctx.runDir,
        captureDir: ctx.runDir,
        outputBase: null,
        timeoutMs: timeoutMs(ctx, 'CMD_TIMEOUT'),
        env,
      },
      [],
    );
    return { exit_status: 0, output: [entry] };
  }
}

function splitPayload(payload: string): string[] {
  try {
    return shellSplit(payload, { comments: false });
  } catch (err) {
    throw new JobFailedError('BAD_PAYLOAD', `Bad payload: ${(err as Error).message}`);
  }
}
