import { JobFailedError, RUN_CONFIG, type HandlerContext, runConfig } from '@lava/core';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startLiveTail } from '../process/live-tail';
import { runProcess } from '../process/run-process';

/** How often a running process's new output is shipped as live logs, when `LIVE_LOG_SECONDS` is unusable. */
const LIVE_LOG_DEFAULT_SECONDS = Number(RUN_CONFIG.LIVE_LOG_SECONDS.default);

/** One entry of `result.output`. */
export interface OutputEntry {
  payload: string;
  exit_status: number;
  stdout?: string;
  stderr?: string;
}

export interface ExecStep {
  /** Reported as `payload` in the output entry. */
  label: string;
  argv: string[];
  cwd: string;
  /** Where captured streams are written locally. */
  captureDir: string;
  /** Object names under s3tmp: `<base>.stdout`/`.stderr`, or plain `stdout`/`stderr` when null. */
  outputBase: string | null;
  timeoutMs: number;
  env: Record<string, string>;
  /** File fed to stdin (sqlc); /dev/null otherwise. */
  stdinFile?: string;
  /** Host paths besides the run directory the process may write (a SQLite database's directory). */
  writable?: readonly string[];
  /** SIGINT first on timeout, SIGKILL after this grace (see ProcessRunOptions). */
  interruptGraceMs?: number;
}

/**
 * Runs one executable, uploads its non-empty stdout/stderr (on success and failure), and
 * throws JobFailedError with the partial result as `error_data` when it fails.
 */
export async function runExecStep(
  ctx: HandlerContext,
  step: ExecStep,
  done: OutputEntry[],
): Promise<OutputEntry> {
  const names = streamNames(step.outputBase);
  const files = { stdout: join(step.captureDir, names.stdout), stderr: join(step.captureDir, names.stderr) };
  const live =
    ctx.liveLogs && !ctx.dev
      ? startLiveTail(files, ctx.liveLogs, liveLogIntervalMs(ctx), ctx.logger)
      : undefined;
  const outcome = await runProcess({
    argv: step.argv,
    cwd: step.cwd,
    env: step.env,
    sandbox: ctx.sandbox,
    runDir: ctx.runDir,
    writable: step.writable,
    timeoutMs: step.timeoutMs,
    stdoutFile: ctx.dev ? 'inherit' : files.stdout,
    stderrFile: ctx.dev ? 'inherit' : files.stderr,
    signal: ctx.signal,
    stdinFile: step.stdinFile,
    interruptGraceMs: step.interruptGraceMs,
  }).finally(() => live?.stop());
  const entry: OutputEntry = { payload: step.label, exit_status: outcome.exitStatus };
  if (!ctx.dev) {
    for (const stream of ['stdout', 'stderr'] as const) {
      if ((await stat(files[stream])).size > 0)
        entry[stream] = await ctx.outputs.put(names[stream], createReadStream(files[stream]));
    }
  }
  if (outcome.exitStatus === 0 && !outcome.aborted) return entry;
  const message = outcome.timedOut
    ? `Timed out after ${(step.timeoutMs / 1000).toFixed(1)} seconds`
    : outcome.aborted
      ? 'Stopped by worker shutdown'
      : `Failed with exit status ${outcome.exitStatus}`;
  const error = ctx.dev ? null : stderrExcerpt(files.stderr, Number(runConfig(ctx, 'STDERR_SIZE')));
  throw new JobFailedError(outcome.timedOut ? 'JOB_TIMEOUT' : 'JOB_EXIT_STATUS', message, {
    exit_status: outcome.exitStatus,
    error,
    output: [...done, entry],
  });
}

function liveLogIntervalMs(ctx: HandlerContext): number {
  const seconds = Number(runConfig(ctx, 'LIVE_LOG_SECONDS'));
  return Number.isFinite(seconds) && seconds >= 0.2 ? seconds * 1000 : LIVE_LOG_DEFAULT_SECONDS * 1000;
}

function streamNames(base: string | null): { stdout: string; stderr: string } {
  return base === null
    ? { stdout: 'stdout', stderr: 'stderr' }
    : { stdout: `${base}.stdout`, stderr: `${base}.stderr` };
}

/** First (or, for a negative size, last) `size` bytes of stderr, trimmed; null when empty. */
export function stderrExcerpt(file: string, size: number): string | null {
  const text = readFileSync(file);
  if (text.length === 0) return null;
  const limit = Number.isFinite(size) ? size : 2000;
  const slice = limit >= 0 ? text.subarray(0, limit) : text.subarray(Math.max(0, text.length + limit));
  const trimmed = slice.toString('utf8').trim();
  return trimmed || null;
}
