import { JobsChangeMarker, JobsRepository } from '../aws';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { checkJobReferences } from '../input/job-references';
import { validateJobRecord } from '../input/job-checks';
import { examples } from './help-text';
import {
  deleteRecords,
  getRecord,
  listRecords,
  putRecords,
  validateFiles,
  type RecordKind,
} from './record-kind';

/**
 * Jobs: `lava.<realm>.jobs`, validated by `@lava/core`'s `validateJob` plus the checks of their
 * job type and templates; `put` also checks the realm holds their connections and worker queues.
 */
export const JOB_KIND: RecordKind = {
  kind: 'job',
  idField: 'job_id',
  validate: (raw, opts) => validateJobRecord(raw, opts),
  checkRealm: checkJobReferences,
  store: (ctx) => new JobsRepository(ctx.clients().dynamo, ctx.realm()),
  columns: ['type', 'worker', 'dispatcher', 'enabled'],
};

const CHECKS = `
Checks: the fields of a job record; the job type (known) and its parameters (names, types,
required ones; see docs/reference/job-types.md) and payload; every template compiles; job_id
is safe in S3 keys. Warnings (shown even when there are errors): unknown fields, a missing
enabled (the job is then disabled), a dispatcher no other job uses. put, and validate with
--check-realm, also need every connection and worker queue the jobs name to exist.
`;

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
    .option('--strict', 'treat every warning (unknown fields, missing enabled...) as an error')
    .addHelpText(
      'after',
      examples('lava --realm acme job put jobs/*.yaml', 'lava job put --strict jobs/') + CHECKS,
    )
    .action(async (files: string[], opts: { strict?: boolean }) => {
      await putRecords(ctx, JOB_KIND, files, Boolean(opts.strict));
      await nudgeSchedulers(ctx);
    });

  job
    .command('validate')
    .description('validate job files without writing (no AWS access needed unless --check-realm)')
    .argument('<files...>', 'files or directories')
    .option('--strict', 'treat every warning (unknown fields, missing enabled...) as an error')
    .option(
      '--check-realm',
      'also check the realm has the connections and worker queues the jobs name (as put does)',
    )
    .addHelpText(
      'after',
      examples('lava job validate jobs/*.yaml', 'lava job validate --strict --check-realm jobs/') + CHECKS,
    )
    .action((files: string[], opts: { strict?: boolean; checkRealm?: boolean }) =>
      validateFiles(ctx, JOB_KIND, files, Boolean(opts.strict), Boolean(opts.checkRealm)),
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
