import { JobsRepository } from '../aws';
import { isValidTimezone } from '@lava/cron';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { InvalidInputError, NotFoundError, UsageError, type FileProblem } from '../errors';
import { loadRecordFiles } from '../input/load-records';
import { examples } from './help-text';
import { compileStoredJob, formatLocal, scheduleReport, unschedulableReason } from '@lava/scheduling';
import { formatReport } from './schedule-report';
import { registerSchedulePauseCommands } from './schedule-pause.command';
import { registerNoDispatchCommand } from './no-dispatch.command';

/** `lava schedule next|check`: what the scheduler will do with a job's `schedule`. */
export function registerScheduleCommands(program: Command, ctx: CliContext): void {
  const schedule = program
    .command('schedule')
    .description(
      "inspect job schedules as the scheduler reads them (the job's timezone, else --tz); pause and resume dispatchers",
    );
  schedule.addHelpText(
    'after',
    examples(
      'lava schedule next etl/daily/load -n 5',
      'lava schedule check jobs/',
      'lava schedule pause main',
    ),
  );
  registerSchedulePauseCommands(schedule, ctx);
  registerNoDispatchCommand(schedule, ctx);

  schedule
    .command('next')
    .description('print the next fire times of a stored job, in its time zone and in UTC')
    .argument('<job_id>')
    .option('-n, --count <n>', 'how many fire times', '10')
    .option(
      '--tz <zone>',
      "the dispatcher's zone for jobs without a timezone (default: env CRON_TZ, else UTC)",
    )
    .option('--from <iso>', 'list fires after this instant (default: now)')
    .addHelpText(
      'after',
      examples(
        'lava schedule next etl/daily/load',
        'lava --json schedule next etl/daily/load -n 3 --tz Australia/Sydney',
      ),
    )
    .action(async (jobId: string, opts: { count: string; tz?: string; from?: string }) => {
      const count = Number(opts.count);
      if (!Number.isInteger(count) || count < 1 || count > 1000)
        throw new UsageError(`--count must be an integer 1-1000, got ${opts.count}`);
      const from = opts.from ? new Date(opts.from) : new Date();
      if (Number.isNaN(from.getTime())) throw new UsageError(`--from is not a date: ${opts.from}`);
      const job = await new JobsRepository(ctx.clients().dynamo, ctx.realm()).get(jobId);
      if (!job) throw new NotFoundError('job', jobId);
      if (job.schedule === undefined) throw new UsageError(`job ${jobId} has no schedule`);
      const report = scheduleReport(job, zoneOption(ctx, opts.tz), from, count);
      ctx.print(report, formatReport(report));
    });

  schedule
    .command('check')
    .description(
      'check the schedules of job files (YAML or JSON) and show each next fire; no AWS access needed',
    )
    .argument('<files...>', 'files or directories')
    .option(
      '--tz <zone>',
      "the dispatcher's zone for jobs without a timezone (default: env CRON_TZ, else UTC)",
    )
    .addHelpText(
      'after',
      examples('lava schedule check jobs/*.yaml', 'lava schedule check --tz Europe/London jobs/'),
    )
    .action(async (files: string[], opts: { tz?: string }) =>
      checkFiles(ctx, files, zoneOption(ctx, opts.tz)),
    );
}

function zoneOption(ctx: CliContext, tz: string | undefined): string {
  const zone = tz ?? ctx.env.CRON_TZ ?? 'UTC';
  if (!isValidTimezone(zone)) throw new UsageError(`unknown time zone: ${zone}`);
  return zone;
}

async function checkFiles(ctx: CliContext, files: string[], tz: string): Promise<void> {
  const loaded = await loadRecordFiles(files);
  const problems: FileProblem[] = [...loaded.problems];
  const ok: { job_id: string; file: string; timezone: string; enabled: boolean; next: string | null }[] = [];
  const skipped: { job_id: string; file: string; reason: string }[] = [];
  const now = new Date();
  for (const { file, position, record } of loaded.records) {
    const job = (record ?? {}) as Record<string, unknown>;
    const id = typeof job.job_id === 'string' ? job.job_id : `record ${position}`;
    if (job.schedule === undefined) continue;
    const reason = unschedulableReason(job);
    if (reason) {
      skipped.push({ job_id: id, file, reason });
      ctx.note(`warning: ${id} (${file}): ${reason}`);
      continue;
    }
    try {
      const enabled = compileStoredJob({ ...job, job_id: id }, tz).enabled;
      const compiled = compileStoredJob({ ...job, job_id: id, enabled: true }, tz);
      const next = compiled.nextDue(now);
      ok.push({ job_id: id, file, timezone: compiled.tz, enabled, next: next ? next.toISOString() : null });
      const when = next
        ? `${formatLocal(next, compiled.tz)} ${compiled.tz}`
        : compiled.entries.some((e) => e.cron.reboot)
          ? '@reboot'
          : 'none';
      if (!ctx.json)
        ctx.io.stdout(
          `ok ${id} (${file}): next ${when}${enabled ? '' : ' (disabled: the scheduler will not fire it)'}\n`,
        );
    } catch (error) {
      problems.push({ file, record: `job ${id}`, path: '/schedule', message: (error as Error).message });
    }
  }
  if (problems.length) throw new InvalidInputError(problems);
  if (ctx.json) ctx.print({ valid: ok, skipped });
  else if (!ok.length) ctx.note('no job with a schedule found');
}
