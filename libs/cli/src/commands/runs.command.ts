import { EventsRepository, RealmsRepository, RunFinder, RunOutputReader, type RunEventItem } from '@lava/aws';
import { formatUtcNaive, parseDuration } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { CliError, NotFoundError, UsageError } from '../errors';
import { collect } from '../input/key-values';
import { formatRunDetail, formatRunList, publicRun, type RunView } from '../output/run-history.format';
import { examples } from './help-text';

function limitOption(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Bad --limit: ${raw}: must be a positive integer`);
  return n;
}

function view(item: RunEventItem): RunView {
  return publicRun(item) as unknown as RunView;
}

async function runs(ctx: CliContext, jobId: string, opts: { limit?: string }): Promise<void> {
  const items = await new EventsRepository(ctx.clients().dynamo, ctx.realm()).listRuns(jobId, limitOption(opts.limit, 20));
  const views = items.map(view);
  ctx.print(views, formatRunList(views));
}

async function findRun(ctx: CliContext, runId: string): Promise<RunEventItem[]> {
  const found = await new RunFinder(ctx.clients().dynamo, ctx.realm()).findByRunId(runId);
  if (!found.length) throw new NotFoundError('run', runId);
  return found;
}

async function run(ctx: CliContext, runId: string): Promise<void> {
  const views = (await findRun(ctx, runId)).map(view);
  ctx.print(views.length === 1 ? views[0] : views, views.map(formatRunDetail).join('\n'));
}

async function events(ctx: CliContext, opts: { since?: string; status?: string[]; limit?: string }): Promise<void> {
  let since: string | undefined;
  if (opts.since !== undefined) {
    let seconds: number;
    try {
      seconds = parseDuration(opts.since);
    } catch (err) {
      throw new UsageError(`Bad --since: ${(err as Error).message}`);
    }
    since = formatUtcNaive(new Date(Date.now() - seconds * 1000));
  }
  const statuses = (opts.status ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const items = await new EventsRepository(ctx.clients().dynamo, ctx.realm()).recent({ since, statuses, limit: limitOption(opts.limit, 100) });
  const views = items.map(view);
  ctx.print(views, formatRunList(views));
}

async function logs(ctx: CliContext, runId: string, opts: { job?: string; stream?: string }): Promise<void> {
  if (opts.stream !== undefined && !['stdout', 'stderr'].includes(opts.stream)) throw new UsageError(`Bad --stream: ${opts.stream}: stdout or stderr`);
  const realm = ctx.realm();
  const jobIds = opts.job ? [opts.job] : [...new Set((await findRun(ctx, runId)).map((r) => r.job_id))];
  const record = await new RealmsRepository(ctx.clients().dynamo).get(realm);
  if (!record?.s3_temp) throw new CliError('CLI_NO_S3_TEMP', `realm ${realm} has no s3_temp: run outputs cannot be located`);
  const reader = new RunOutputReader(ctx.clients().s3);
  const objects = (await Promise.all(jobIds.map((j) => reader.list(String(record.s3_temp), j, runId)))).flat();
  const wanted = objects.filter((o) => !opts.stream || o.name.endsWith(`.${opts.stream}`));
  const outputs = await Promise.all(wanted.map(async (o) => ({ ...o, text: await reader.read(o.uri) })));
  if (!outputs.length) ctx.note(`no ${opts.stream ?? 'output'} objects for run ${runId} under ${String(record.s3_temp)}`);
  ctx.print(outputs, outputs.map((o) => `==> ${o.uri} <==\n${o.text.endsWith('\n') || !o.text ? o.text : `${o.text}\n`}`).join('\n') || '\n');
}

/** Run history from the events table and run outputs from S3: `runs`, `run`, `events`, `logs`. */
export function registerRunHistoryCommands(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('recent runs of a job, newest first (events table, time index)')
    .argument('<job_id>')
    .option('-n, --limit <n>', 'most runs to show (default 20)')
    .addHelpText('after', examples('lava runs etl/load', 'lava runs etl/load -n 5 --json'))
    .action((jobId: string, opts: { limit?: string }) => runs(ctx, jobId, opts));
  program
    .command('run')
    .description('one run: status and its ordered event log (finds the run by run_id with a table scan)')
    .argument('<run_id>')
    .addHelpText('after', examples('lava run 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11'))
    .action((runId: string) => run(ctx, runId));
  program
    .command('events')
    .description('runs across all jobs whose latest event matches, newest first (a table scan)')
    .option('--since <duration>', 'only runs with an event in this period, e.g. 1h or 2d')
    .option('--status <status>', 'only runs whose status is this (repeatable, or comma-separated)', collect)
    .option('-n, --limit <n>', 'most runs to show (default 100)')
    .addHelpText('after', examples('lava events --since 1h --status failed', 'lava events --status failed,action_failed --json'))
    .action((opts: { since?: string; status?: string[]; limit?: string }) => events(ctx, opts));
  program
    .command('logs')
    .description("a run's stdout/stderr objects from S3 (<s3_temp>/<job_id>/<run_id>/)")
    .argument('<run_id>')
    .option('--job <job_id>', 'the job, when the run is not (or no longer) in the events table')
    .option('--stream <stream>', 'only stdout or stderr')
    .addHelpText('after', examples('lava logs 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11', 'lava logs 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11 --stream stderr'))
    .action((runId: string, opts: { job?: string; stream?: string }) => logs(ctx, runId, opts));
}
