import { chmodSync, statSync } from 'node:fs';
import { inOrder, type HandlerContext, type RunConfigKey } from '@lava/core';
import { buildExecEnv } from './exec-env';
import { runExecStep, type OutputEntry } from './exec-step';
import { argsParameter, envParameter, jinjaParameter, varsParameter } from './parameters';
import { originalWording } from './original-wording';
import { timeoutMs } from './timeout';

/** How a process job names its arguments in render errors, and what it adds to the environment. */
export interface ProcessInputOptions {
  /** Prefix of each rendered argument's name (`payload` gives `payload[0]`...). */
  field: string;
  /** Prefix of a render error's message, in the original's wording (`Bad payload or args`). */
  wording: string;
  /** Handler extras such as LAVA_S3_PAYLOAD. */
  extras?: Record<string, string>;
}

/**
 * The arguments and environment of a process job (cmd, exe, pkg): `leading` (from the payload or
 * command) then the `args` parameter, each rendered with `vars` when `jinja` is on, and the
 * environment of `buildExecEnv`. The parameters are read in the order the original read them, so
 * the first bad one is the one reported.
 */
export async function processInputs(
  ctx: HandlerContext,
  type: string,
  leading: readonly string[],
  options: ProcessInputOptions,
): Promise<{ args: string[]; env: Record<string, string> }> {
  const p = ctx.job.parameters;
  const jinja = jinjaParameter(p.jinja);
  const vars = varsParameter(type, p.vars);
  const raw = [...leading, ...argsParameter(type, p.args)];
  const args = jinja
    ? await originalWording(options.wording, () =>
        inOrder(raw, (a, i) => ctx.renderer.render(a, `${options.field}[${i}]`, { vars })),
      )
    : raw;
  const env = await buildExecEnv(ctx, {
    env: envParameter(type, p.env),
    jinja,
    vars,
    extras: options.extras,
  });
  return { args, env };
}

/** A downloaded executable to run: `name` labels its output entry and names its captured streams. */
export interface ExecutableRun {
  file: string;
  name: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutKey: RunConfigKey & `${string}_TIMEOUT`;
}

/** Makes `run.file` executable by its owner and runs it, as exe and pkg jobs do with what they download. */
export async function runExecutable(
  ctx: HandlerContext,
  run: ExecutableRun,
  done: OutputEntry[],
): Promise<OutputEntry> {
  chmodSync(run.file, statSync(run.file).mode | 0o100);
  const step = {
    label: run.name,
    argv: [run.file, ...run.args],
    cwd: run.cwd,
    captureDir: run.cwd,
    outputBase: run.name,
    env: run.env,
  };
  return runExecStep(ctx, { ...step, timeoutMs: timeoutMs(ctx, run.timeoutKey) }, done);
}
