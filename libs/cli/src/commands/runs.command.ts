import { formatUtcNaive } from '@lava/core';
import type { Command } from 'commander';
import { DynamoFleetStore, EventsRepository, type RunEventItem } from '../aws';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { durationOption } from '../input/duration-option';
import { collect } from '../input/key-values';
import { formatRunTree, runTree } from '@lava/operations';
import { formatRunDetail, formatRunList, publicRun, type RunView } from '../output/run-history.format';
import { examples } from './help-text';
import { findRun } from './logs.command';

function limitOption(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Bad --limit: ${raw}: must be a positive integer`);
  return n;
}

function view(item: RunEventItem): RunView {
  return publicRun(item) as unknown as RunView;
}

interface RunsOptions {
  limit?: string;
  watch?: boolean;
  poll: string;
  for?: string;
}

async function runs(ctx: CliContext, jobId: string, opts: RunsOptions): Promise<void> {
  const repo = new EventsRepository(ctx.clients().dynamo, ctx.realm());
  const limit = limitOption(opts.limit, 20);
  const views = (await repo.listRuns(jobId, limit)).map(view);
  ctx.print(views, formatRunList(views));
  if (opts.watch) await watch(ctx, () => repo.listRuns(jobId, limit), views, opts);
}

/**
 * `--watch`: re-read every `--poll` and print each run that is new or whose status changed
 * (JSON: one object per line), until interrupted or `--for` has passed.
 */
async function watch(
  ctx: CliContext,
  read: () => Promise<RunEventItem[]>,
  first: RunView[],
  opts: RunsOptions,
): Promise<void> {
  const pollMs = durationOption(opts.poll, '--poll', { min: 0.05 }) * 1000;
  const until = opts.for === undefined ? Infinity : Date.now() + durationOption(opts.for, '--for') * 1000;
  const seen = new Map(first.map((r) => [r.run_id, `${r.status}/${r.tu_event}`]));
  while (Date.now() + pollMs <= until) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const changed = (await read())
      .map(view)
      .filter((r) => seen.get(r.run_id) !== `${r.status}/${r.tu_event}`);
    for (const r of changed.reverse()) {
      seen.set(r.run_id, `${r.status}/${r.tu_event}`);
      ctx.io.stdout(ctx.json ? `${JSON.stringify(r)}\n` : formatRunList([r], { header: false }));
    }
  }
}

/** One run, and the tree of its child runs when it is a fleet-mode foreach or dag. */
async function run(ctx: CliContext, runId: string): Promise<void> {
  const views = (await findRun(ctx, runId)).map(view);
  const db = ctx.clients().dynamo;
  const events = new EventsRepository(db, ctx.realm());
  const fleets = new DynamoFleetStore(db, ctx.realm());
  const tree = await runTree(runId, {
    fleet: (id) => fleets.get(id),
    status: async (jobId, id) => (await events.getRun(jobId, id))?.status as string | undefined,
  });
  const json = tree ? views.map((v) => ({ ...v, children: tree })) : views;
  const text = views.map(formatRunDetail).join('\n') + (tree ? formatRunTree(tree) : '');
  ctx.print(json.length === 1 ? json[0] : json, text);
}

async function events(
  ctx: CliContext,
  opts: { since?: string; status?: string[]; limit?: string },
): Promise<void> {
  const since =
    opts.since === undefined
      ? undefined
      : formatUtcNaive(new Date(Date.now() - durationOption(opts.since, '--since') * 1000));
  const statuses = (opts.status ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const items = await new EventsRepository(ctx.clients().dynamo, ctx.realm()).recent({
    since,
    statuses,
    limit: limitOption(opts.limit, 100),
  });
  const views = items.map(view);
  ctx.print(views, formatRunList(views));
}

/** Run history from the events table: `runs`, `run`, `events`. */
export function registerRunHistoryCommands(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('recent runs of a job, newest first (events table, time index)')
    .argument('<job_id>')
    .option('-n, --limit <n>', 'most runs to show (default 20)')
    .option('-w, --watch', 'keep watching: print each new run and each status change as it happens')
    .option('--poll <duration>', 'with --watch: how often to read the events table', '2s')
    .option('--for <duration>', 'with --watch: stop after this long (default: until Ctrl-C)')
    .addHelpText(
      'after',
      examples('lava runs etl/load', 'lava runs etl/load -n 5 --json', 'lava runs etl/load --watch'),
    )
    .action((jobId: string, opts: RunsOptions) => runs(ctx, jobId, opts));
  program
    .command('run')
    .description(
      'one run: status, its ordered event log and, for a fleet-mode foreach or dag, the tree of its child runs (finds the run by run_id with a table scan)',
    )
    .argument('<run_id>')
    .addHelpText('after', examples('lava run 0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11'))
    .action((runId: string) => run(ctx, runId));
  program
    .command('events')
    .description('runs across all jobs whose latest event matches, newest first (a table scan)')
    .option('--since <duration>', 'only runs with an event in this period, e.g. 1h or 2d')
    .option('--status <status>', 'only runs whose status is this (repeatable, or comma-separated)', collect)
    .option('-n, --limit <n>', 'most runs to show (default 100)')
    .addHelpText(
      'after',
      examples('lava events --since 1h --status failed', 'lava events --status failed,action_failed --json'),
    )
    .action((opts: { since?: string; status?: string[]; limit?: string }) => events(ctx, opts));
}
