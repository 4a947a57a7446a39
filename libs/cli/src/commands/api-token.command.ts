import { issueToken, isRole, ROLES } from '@lava/operations';
import type { Command } from 'commander';
import { ApiTokensRepository } from '../aws';
import type { CliContext } from '../cli-context';
import { NotFoundError, UsageError } from '../errors';
import { examples } from './help-text';

/** `lava api-token create|list|revoke`: bearer tokens of the HTTP API and console (hashes stored). */
export function registerApiTokenCommands(program: Command, ctx: CliContext): void {
  const tokens = program
    .command('api-token')
    .description('tokens for the HTTP API and web console: the realm state table keeps only their SHA-256');
  tokens.addHelpText(
    'after',
    examples(
      'lava api-token create alice --role operator',
      'lava api-token list',
      'lava api-token revoke 3f9a0c1d2e4b',
    ),
  );
  const repo = () => new ApiTokensRepository(ctx.clients().dynamo, ctx.realm());

  tokens
    .command('create')
    .description('create a token and print it once (it cannot be shown again)')
    .argument('<name>', 'who uses it: recorded as the principal of every audited action')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .addHelpText('after', examples('lava api-token create alice --role operator'))
    .action(async (name: string, opts: { role: string }) => {
      if (!isRole(opts.role)) throw new UsageError(`Bad --role: ${opts.role}: one of ${ROLES.join(', ')}`);
      if (!/^[\w.@-]{1,64}$/.test(name)) throw new UsageError(`Bad name: ${name}: letters, digits, . _ @ -`);
      const { token, record } = issueToken(name, opts.role);
      await repo().store(record.token_id, { ...record, created_at: new Date().toISOString() });
      ctx.note(`token ${record.token_id} for ${name} (${opts.role}); keep it secret, it is shown only now`);
      ctx.print({ token_id: record.token_id, name, role: opts.role, token }, token);
    });

  tokens
    .command('list')
    .description('list tokens (ids, names, roles; never the tokens)')
    .addHelpText('after', examples('lava api-token list --json'))
    .action(async () => {
      const items = (await repo().all()).map((t) => ({
        token_id: t.token_id,
        name: t.name,
        role: t.role,
        created_at: t.created_at,
      }));
      ctx.print(
        items,
        items.map((t) => `${t.token_id}  ${t.role.padEnd(8)}  ${t.name}  ${t.created_at}`).join('\n') ||
          'no tokens',
      );
    });

  tokens
    .command('revoke')
    .description('delete tokens: requests with them are refused at once')
    .argument('<token_ids...>')
    .addHelpText('after', examples('lava api-token revoke 3f9a0c1d2e4b'))
    .action(async (ids: string[]) => {
      const missing: string[] = [];
      for (const id of ids) {
        if (await repo().remove(id)) ctx.io.stdout(`revoked ${id}\n`);
        else missing.push(id);
      }
      if (missing.length) throw new NotFoundError('api token', missing.join(', '));
    });
}
