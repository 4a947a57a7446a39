import { chmodSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { JobHandler } from '../handler';
import { buildExecEnv } from '../exec/exec-env';
import { runExecStep, type OutputEntry } from '../exec/exec-step';
import {
  argsParameter,
  checkParameterKeys,
  envParameter,
  jinjaParameter,
  varsParameter,
} from '../exec/parameters';
import { payloadLimit } from '../exec/payload-limit';
import {
  shellSplit,
  JobFailedError,
  type HandlerContext,
  type HandlerResult,
  jobTypeParameterNames,
} from '@lava/core';
import { timeoutMs } from '../exec/timeout';
import { originalWording } from '../exec/original-wording';

/** Declared once, in `@lava/core` (validated before runs and documented from there). */
const ALLOWED = jobTypeParameterNames('exe');

/** `exe`: downloads executables from S3 and runs each in order. */
export class ExeHandler implements JobHandler {
  readonly type = 'exe';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkParameterKeys(this.type, p, ALLOWED);
    if (typeof ctx.job.payload !== 'string') {
      throw new JobFailedError('BAD_PAYLOAD', 'Only single string payloads are supported for exe jobs');
    }
    const [location, ...payloadArgs] = shellSplit(ctx.job.payload, { comments: false });
    if (!location) throw new JobFailedError('BAD_PAYLOAD', 'payload required');
    const jinja = jinjaParameter(p.jinja);
    const vars = varsParameter(this.type, p.vars);
    const rawArgs = [...payloadArgs, ...argsParameter(this.type, p.args)];
    const args = jinja
      ? originalWording('Bad payload or args', () =>
          rawArgs.map((a, i) => ctx.renderer.render(a, `args[${i}]`, { vars })),
        )
      : rawArgs;
    const env = buildExecEnv(ctx, {
      env: envParameter(this.type, p.env),
      jinja,
      vars,
      extras: { LAVA_S3_PAYLOAD: payloadUri(ctx, location) },
    });
    const [downloaded] = await ctx.payloads.download(
      [location],
      ctx.runDir,
      payloadLimit(ctx, 'EXE_MAX_PAYLOAD_SIZE'),
    );
    const output: OutputEntry[] = [];
    for (const file of downloaded?.files ?? []) {
      chmodSync(file, statSync(file).mode | 0o100);
      const name = basename(file);
      const step = {
        label: name,
        argv: [file, ...args],
        cwd: ctx.runDir,
        captureDir: ctx.runDir,
        outputBase: name,
        env,
      };
      output.push(await runExecStep(ctx, { ...step, timeoutMs: timeoutMs(ctx, 'EXE_TIMEOUT') }, output));
    }
    return { exit_status: 0, output };
  }
}

/** `<s3_payloads>/<location>`, as exported to the executable in LAVA_S3_PAYLOAD. */
export function payloadUri(ctx: HandlerContext, location: string): string {
  const base = String(ctx.realmRecord.s3_payloads ?? '');
  return `${base.replace(/\/+$/, '')}/${location}`;
}
