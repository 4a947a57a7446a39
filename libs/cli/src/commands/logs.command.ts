import type { Command } from 'commander';
import { RealmsRepository, RunFinder, RunOutputReader, S3LiveLogReader, type RunEventItem } from '../aws';
import type { CliContext } from '../cli-context';
import { CliError, NotFoundError, UsageError } from '../errors';
import { eventLine, followRun, runExitCode } from '../follow/follow-run';
import { durationOption } from '../input/duration-option';
import { examples } from './help-text';

interface LogsOptions {
  job?: string;
  stream?: string;
  follow?: boolean;
  timeout?: string;
  poll: string;
}

/** Every events item with this run_id (a scan), or a not-found error. */
export async function findRun(ctx: CliContext, runId: string): Promise<RunEventItem[]> {
  const found = await new RunFinder(ctx.clients().dynamo, ctx.realm()).findByRunId(runId);
  if (!found.length) throw new NotFoundError('run', runId);
  return found;
}

/** The realm's `s3_temp`, under which workers write run outputs. */
async function s3Temp(ctx: CliContext): Promise<string> {
  const realm = ctx.realm();
  const record = await new RealmsRepository(ctx.clients().dynamo).get(realm);
  if (!record?.s3_temp)
    throw new CliError('CLI_NO_S3_TEMP', `realm ${realm} has no s3_temp: run outputs cannot be located`);
  return String(record.s3_temp);
}

/** Print a run's output objects (`==> uri <==` then the text), optionally one stream only. */
export async function printRunOutputs(
  ctx: CliContext,
  runId: string,
  jobIds: string[],
  stream?: string,
): Promise<void> {
  const temp = await s3Temp(ctx);
  const reader = new RunOutputReader(ctx.clients().s3);
  const objects = (await Promise.all(jobIds.map((j) => reader.list(temp, j, runId)))).flat();
  const wanted = objects.filter((o) => !stream || o.name.endsWith(`.${stream}`));
  const outputs = await Promise.all(wanted.map(async (o) => ({ ...o, text: await reader.read(o.uri) })));
  if (!outputs.length) ctx.note(`no ${stream ?? 'output'} objects for run ${runId} under ${temp}`);
  ctx.print(
    outputs,
    outputs
      .map((o) => `==> ${o.uri} <==\n${o.text.endsWith('\n') || !o.text ? o.text : `${o.text}\n`}`)
      .join('\n') || '\n',
  );
}

async function logs(ctx: CliContext, runId: string, opts: LogsOptions): Promise<void> {
  if (opts.stream !== undefined && !['stdout', 'stderr'].includes(opts.stream))
    throw new UsageError(`Bad --stream: ${opts.stream}: stdout or stderr`);
  const pollMs = durationOption(opts.poll, '--poll', { min: 0.05 }) * 1000;
  const timeoutMs = opts.timeout === undefined ? undefined : durationOption(opts.timeout, '--timeout') * 1000;
  if (!opts.follow) {
    const jobIds = opts.job ? [opts.job] : [...new Set((await findRun(ctx, runId)).map((r) => r.job_id))];
    return printRunOutputs(ctx, runId, jobIds, opts.stream);
  }
  // The run may not be in the events table yet (just dispatched): wait for it to appear.
  const jobId = opts.job ?? (await waitForJobId(ctx, runId, pollMs, timeoutMs));
  const run = { job_id: jobId, run_id: runId };
  const live = liveFollower(ctx, await s3Temp(ctx), run, opts.stream);
  const item = await followRun(ctx, run, {
    pollMs,
    timeoutMs,
    onEvent: (e) => ctx.note(eventLine(run, e)),
    onPoll: live.poll,
  });
  // The events table is read before the parts: what was written before the end is all there.
  await live.poll();
  if (!live.printed()) await printRunOutputs(ctx, runId, [jobId], opts.stream);
  ctx.io.exit(runExitCode(item.status));
}

/**
 * Prints a running run's live log parts as they arrive, on stdout as the outputs themselves are
 * printed (`--stream` keeps one stream). With `--json` nothing is streamed: the outputs are
 * printed at the end as before.
 */
function liveFollower(
  ctx: CliContext,
  temp: string,
  run: { job_id: string; run_id: string },
  stream: string | undefined,
): { poll: () => Promise<void>; printed: () => boolean } {
  const reader = new S3LiveLogReader(ctx.clients().s3);
  let cursor: string | undefined;
  let printed = false;
  return {
    printed: () => printed,
    poll: async () => {
      if (ctx.json) return;
      for (const part of await reader.read(temp, run.job_id, run.run_id, cursor)) {
        cursor = part.part;
        if (stream && part.stream !== stream) continue;
        ctx.io.stdout(part.text);
        printed = true;
      }
    },
  };
}

async function waitForJobId(
  ctx: CliContext,
  runId: string,
  pollMs: number,
  timeoutMs: number | undefined,
): Promise<string> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  const finder = new RunFinder(ctx.clients().dynamo, ctx.realm());
  for (;;) {
    const found = await finder.findByRunId(runId);
    if (found[0]) return found[0].job_id;
    if (Date.now() + pollMs > deadline)
      throw new NotFoundError('run', `${runId} (pass --job when the run is not in the events table)`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `lava logs <run_id> [--follow]`: a run's stdout/stderr objects from S3. */
export function registerLogsCommand(program: Command, ctx: CliContext): void {
  program
    .command('logs')
    .description("a run's stdout/stderr objects from S3 (<s3_temp>/<job_id>/<run_id>/)")
    .argument('<run_id>')
    .option('--job <job_id>', 'the job, when the run is not (or no longer) in the events table')
    .option('--stream <stream>', 'only stdout or stderr')
    .option(
      '-f, --follow',
      "follow the run to its end: its status changes (stderr) and its processes' output as it is written; exit status as dispatch --wait",
    )
    .option('--timeout <duration>', 'with --follow: give up after this long (exit 6)')
    .option('--poll <duration>', 'with --follow: how often to read the run history', '2s')
    .addHelpText(
      'after',
      examples(
        'lava logs 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11',
        'lava logs 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11 --stream stderr',
        'lava logs "$(lava dispatch etl/load)" --follow --job etl/load',
      ) +
        "\nWith --follow, what the run's processes write is printed while they run (workers ship it every\n" +
        'few seconds); runs of workers without live logs show their outputs once they finish.\n',
    )
    .action((runId: string, opts: LogsOptions) => logs(ctx, runId, opts));
}
