import { TriggersRepository } from '../aws';
import { validateS3Trigger } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { examples } from './help-text';
import { deleteRecords, listRecords, putRecords, type RecordKind } from './record-kind';

/** S3 triggers: `lava.<realm>.s3triggers`. */
export const TRIGGER_KIND: RecordKind = {
  kind: 'trigger',
  idField: 'trigger_id',
  validate: (raw, opts) => validateS3Trigger(raw, opts),
  store: (ctx) => new TriggersRepository(ctx.clients().dynamo, ctx.realm()),
  columns: ['bucket', 'prefix', 'job_id', 'enabled'],
};

/** `lava trigger put|list|delete`. */
export function registerTriggerCommands(program: Command, ctx: CliContext): void {
  const trigger = program
    .command('trigger')
    .description('manage S3 triggers (table lava.<realm>.s3triggers)');
  trigger.addHelpText('after', examples('lava trigger put triggers/*.yaml', 'lava trigger list'));

  trigger
    .command('put')
    .description('validate trigger files and store them; nothing is written if any is invalid')
    .argument('<files...>', 'files or directories')
    .option('--strict', 'reject unknown fields instead of warning')
    .addHelpText('after', examples('lava trigger put triggers/'))
    .action((files: string[], opts: { strict?: boolean }) =>
      putRecords(ctx, TRIGGER_KIND, files, Boolean(opts.strict)),
    );

  trigger
    .command('list')
    .description('list triggers: trigger_id, bucket, prefix, job_id, enabled')
    .addHelpText('after', examples('lava trigger list --json'))
    .action(() => listRecords(ctx, TRIGGER_KIND));

  trigger
    .command('delete')
    .description('delete triggers')
    .argument('<trigger_ids...>')
    .addHelpText('after', examples('lava trigger delete landing-csv'))
    .action((ids: string[]) => deleteRecords(ctx, TRIGGER_KIND, ids));
}
