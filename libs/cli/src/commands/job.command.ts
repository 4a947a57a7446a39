import { JobsChangeMarker, JobsRepository } from '../aws';
import { validateJob } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { examples } from './help-text';
import {
  deleteRecords,
  getRecord,
  listRecords,
  putRecords,
  validateFiles,
  type RecordKind,
} from './record-kind';

/** Jobs: `lava.<realm>.jobs`, validated by `@lava/core`'s `validateJob`. */
export const JOB_KIND: RecordKind = {
  kind: 'job',
  idField: 'job_id',
  validate: (raw, opts) => validateJob(raw, opts),
  store: (ctx) => new JobsRepository(ctx.clients().dynamo, ctx.realm()),
  columns: ['type', 'worker', 'dispatcher', 'enabled'],
};

/** `lava job put|get|list|validate|delete`. */
export function registerJobCommands(program: Command, ctx: CliContext): void {
  const job = program.command('job').description('manage job specifications (table lava.<realm>.jobs)');
  job.addHelpText(
    'after',
    examples(
      'lava job put jobs/*.yaml',
      'lava job get etl/daily/load --json',
      'lava job list --dispatcher main',
    ),
  );

  job
    .command('put')
    .description(
      'validate job files (YAML or JSON; one record or a list each) and store them; nothing is written if any is invalid',
    )
    .argument('<files...>', 'files or directories')
    .option('--strict', 'reject unknown fields instead of warning')
    .addHelpText('after', examples('lava --realm acme job put jobs/*.yaml', 'lava job put --strict jobs/'))
    .action(async (files: string[], opts: { strict?: boolean }) => {
      await putRecords(ctx, JOB_KIND, files, Boolean(opts.strict));
      await nudgeSchedulers(ctx);
    });

  job
    .command('validate')
    .description('validate job files without writing (no AWS access needed)')
    .argument('<files...>', 'files or directories')
    .option('--strict', 'reject unknown fields instead of warning')
    .addHelpText('after', examples('lava job validate jobs/*.yaml'))
    .action((files: string[], opts: { strict?: boolean }) =>
      validateFiles(ctx, JOB_KIND, files, Boolean(opts.strict)),
    );

  job
    .command('get')
    .description('print one job (YAML, or JSON with --json)')
    .argument('<job_id>')
    .addHelpText('after', examples('lava job get etl/daily/load'))
    .action((id: string) => getRecord(ctx, JOB_KIND, id));

  job
    .command('list')
    .description('list jobs: job_id, type, worker, dispatcher, enabled')
    .option('--dispatcher <name>', 'only jobs scheduled by this dispatcher (dispatcher-index)')
    .addHelpText('after', examples('lava job list', 'lava job list --dispatcher main --json'))
    .action(async (opts: { dispatcher?: string }) => {
      const repo = new JobsRepository(ctx.clients().dynamo, ctx.realm());
      await listRecords(
        ctx,
        JOB_KIND,
        opts.dispatcher ? await repo.listByDispatcher(opts.dispatcher) : await repo.list(),
      );
    });

  job
    .command('delete')
    .description('delete jobs')
    .argument('<job_ids...>')
    .addHelpText('after', examples('lava job delete etl/daily/load'))
    .action(async (ids: string[]) => {
      try {
        await deleteRecords(ctx, JOB_KIND, ids);
      } finally {
        await nudgeSchedulers(ctx);
      }
    });
}

/** Bumps the "jobs changed" marker so schedulers reload at once (docs/scheduler.md); best effort. */
async function nudgeSchedulers(ctx: CliContext): Promise<void> {
  try {
    await new JobsChangeMarker(ctx.clients().dynamo, ctx.realm()).touch();
  } catch (err) {
    ctx.note(
      `warning: schedulers not nudged (they pick the change up within seconds anyway): ${(err as Error).message}`,
    );
  }
}
