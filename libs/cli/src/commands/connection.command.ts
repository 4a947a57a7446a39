import { ConnectionsRepository } from '../aws';
import { validateConnection } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { maskSecrets } from '../output/mask';
import { examples } from './help-text';
import { deleteRecords, getRecord, listRecords, putRecords, type RecordKind } from './record-kind';

/** Connections: secret-bearing fields are always masked on output. */
export const CONNECTION_KIND: RecordKind = {
  kind: 'connection',
  idField: 'conn_id',
  validate: (raw, opts) => validateConnection(raw, opts),
  store: (ctx) => new ConnectionsRepository(ctx.clients().dynamo, ctx.realm()),
  columns: ['type', 'enabled'],
  present: maskSecrets,
};

/** `lava connection put|get|list|delete`. */
export function registerConnectionCommands(program: Command, ctx: CliContext): void {
  const conn = program
    .command('connection')
    .description('manage connections (table lava.<realm>.connections); secrets are never printed');
  conn.addHelpText('after', examples('lava connection put conns/*.yaml', 'lava connection get warehouse'));

  conn
    .command('put')
    .description('validate connection files and store them; nothing is written if any is invalid')
    .argument('<files...>', 'files or directories')
    .option('--strict', 'reject unknown fields instead of warning')
    .addHelpText('after', examples('lava connection put conns/warehouse.yaml'))
    .action((files: string[], opts: { strict?: boolean }) =>
      putRecords(ctx, CONNECTION_KIND, files, Boolean(opts.strict)),
    );

  conn
    .command('get')
    .description('print one connection with password-like fields masked')
    .argument('<conn_id>')
    .addHelpText('after', examples('lava connection get warehouse --json'))
    .action((id: string) => getRecord(ctx, CONNECTION_KIND, id));

  conn
    .command('list')
    .description('list connections: conn_id, type, enabled')
    .addHelpText('after', examples('lava connection list'))
    .action(() => listRecords(ctx, CONNECTION_KIND));

  conn
    .command('delete')
    .description('delete connections')
    .argument('<conn_ids...>')
    .addHelpText('after', examples('lava connection delete old_db'))
    .action((ids: string[]) => deleteRecords(ctx, CONNECTION_KIND, ids));
}
