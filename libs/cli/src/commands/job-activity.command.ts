import { readFile, writeFile } from 'node:fs/promises';
import { formatUtcNaive, parseTimestamp } from '@lava/core';
import type { Command } from 'commander';
import { activityCsv, activityMap, runActivity, type RunActivity } from '../activity/job-activity';
import { EventsRepository } from '../aws';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { examples } from './help-text';

interface ActivityOptions {
  start?: string;
  end?: string;
  status?: string;
  interval: string;
  dump?: string;
  load?: string;
  quiet?: boolean;
}

/** The `--dump` file: what was read, so another interval can be computed without reading again. */
interface ActivityDump {
  realm: string;
  job_ids: string[];
  start: string;
  end: string;
  runs: RunActivity[];
}

/** An ISO time; UTC when it names no zone (as the original). */
function when(raw: string, option: string): Date {
  const text = /(?:Z|[+-]\d\d:?\d\d)$/i.test(raw.trim()) || raw.length <= 10 ? raw : `${raw}Z`;
  try {
    return parseTimestamp(text);
  } catch {
    throw new UsageError(
      `Bad ${option} ${JSON.stringify(raw)}: use ISO 8601, e.g. 2024-02-15T00:00:00+11:00`,
    );
  }
}

function interval(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Bad --interval ${raw}: whole minutes, at least 1`);
  return n;
}

async function read(ctx: CliContext, jobIds: string[], opts: ActivityOptions): Promise<ActivityDump> {
  if (opts.load) {
    const dump = JSON.parse(await readFile(opts.load, 'utf8')) as ActivityDump;
    const runs = jobIds.length ? dump.runs.filter((r) => jobIds.includes(r.job_id)) : dump.runs;
    return { ...dump, start: opts.start ?? dump.start, end: opts.end ?? dump.end, runs };
  }
  if (!jobIds.length) throw new UsageError('Name at least one job id (or use --load FILE)');
  const midnight = new Date(new Date().setUTCHours(0, 0, 0, 0));
  const start = opts.start ? when(opts.start, '--start') : midnight;
  const end = opts.end ? when(opts.end, '--end') : new Date(start.getTime() + 86_400_000);
  const repo = new EventsRepository(ctx.clients().dynamo, ctx.realm());
  const runs: RunActivity[] = [];
  for (const jobId of jobIds) {
    const items = await repo.runsBetween(jobId, formatUtcNaive(start), formatUtcNaive(end), opts.status);
    if (!opts.quiet) ctx.note(`${jobId}: ${items.length} run(s)`);
    runs.push(...items.map((i) => runActivity(i as Parameters<typeof runActivity>[0])));
  }
  return { realm: ctx.realm(), job_ids: jobIds, start: start.toISOString(), end: end.toISOString(), runs };
}

async function jobActivity(ctx: CliContext, jobIds: string[], opts: ActivityOptions): Promise<void> {
  if (opts.dump && opts.dump === opts.load) throw new UsageError('--dump and --load must be different files');
  const data = await read(ctx, jobIds, opts);
  if (opts.dump) {
    await writeFile(opts.dump, `${JSON.stringify(data, null, 2)}\n`);
    if (!opts.quiet) ctx.note(`Raw data dumped to ${opts.dump}`);
  }
  const map = activityMap(
    data.runs,
    when(data.start, '--start'),
    when(data.end, '--end'),
    interval(opts.interval),
  );
  ctx.print(
    {
      slices: map.slices.map((s) => s.toISOString()),
      jobs: Object.fromEntries(map.jobs),
      workers: Object.fromEntries(map.workers),
    },
    activityCsv(map),
  );
}

/** `lava job-activity`: the original's lava-job-activity (run-seconds per time slice, CSV). */
export function registerJobActivityCommand(program: Command, ctx: CliContext): void {
  program
    .command('job-activity')
    .description('run-seconds per time slice by job and by worker, from the events table (CSV on stdout)')
    .argument('[job_ids...]', 'jobs to include (required unless --load)')
    .option('-s, --start <time>', 'start (ISO 8601; UTC when no zone); default: the last midnight UTC')
    .option('-e, --end <time>', 'end (ISO 8601); default: 24 hours after the start')
    .option('--status <status>', 'only runs whose latest status is this')
    .option('-i, --interval <minutes>', 'slice length in minutes', '10')
    .option('--dump <file>', 'also write the raw data read, for --load')
    .option('--load <file>', 'read the raw data from a --dump file instead of the events table')
    .option('-q, --quiet', 'no progress lines on stderr')
    .addHelpText(
      'after',
      examples(
        'lava job-activity -s 2024-02-15T00:00:00+11:00 --dump ev.json etl/load > load.csv',
        'lava job-activity --load ev.json -i 240 > load-4h.csv',
        "lava job-activity $(lava conn-usage 'redshift*')",
      ),
    )
    .action((jobIds: string[], opts: ActivityOptions) => jobActivity(ctx, jobIds, opts));
}
