import { userInfo } from 'node:os';
import { LAVA_SOURCES } from '@lava/core';
import { RealmOperator, type DispatcherPause, type Principal } from '@lava/operations';
import type { Command } from 'commander';
import { awsRealmPorts, BusPublisher, JobsRepository, realmNames } from '../aws';
import type { CliContext } from '../cli-context';
import { examples } from './help-text';

/**
 * `lava schedule pause|resume|status`: the data-level switch that suspends a dispatcher's
 * schedules without redeploying. The same operation as the HTTP API's pause and resume (one
 * `Operator Action` audit event each, published as `lava.cli`); the scheduler skips a paused
 * dispatcher's fires, reporting each as `Schedule Missed` (reason `dispatcher paused`).
 */
export function registerSchedulePauseCommands(schedule: Command, ctx: CliContext): void {
  schedule
    .command('pause')
    .description(
      'pause a dispatcher: the scheduler stops firing its jobs (within its poll period) until resumed',
    )
    .argument('<dispatcher>')
    .option('--reason <text>', 'why (kept with the pause and in the audit trail)')
    .addHelpText('after', examples('lava schedule pause main --reason "warehouse upgrade"'))
    .action(async (dispatcher: string, opts: { reason?: string }) => {
      const { operator, ports } = operating(ctx);
      if (!(await new JobsRepository(ctx.clients().dynamo, ports.realm).listByDispatcher(dispatcher)).length)
        ctx.note(`warning: no job in realm ${ports.realm} names dispatcher ${dispatcher} (paused anyway)`);
      const result = await operator.pause(cliPrincipal(), dispatcher, opts.reason);
      ctx.print(result, `paused ${dispatcher}`);
    });

  schedule
    .command('resume')
    .description('resume a paused dispatcher: its next fires run; the paused period is not replayed')
    .argument('<dispatcher>')
    .addHelpText('after', examples('lava schedule resume main'))
    .action(async (dispatcher: string) => {
      const result = await operating(ctx).operator.resume(cliPrincipal(), dispatcher);
      ctx.print(result, `resumed ${dispatcher}`);
    });

  schedule
    .command('status')
    .description('list the paused dispatchers of the realm (who paused them, when and why)')
    .addHelpText('after', examples('lava schedule status', 'lava --json schedule status'))
    .action(async () => {
      const paused = await operating(ctx).ports.pauses.all();
      ctx.print({ paused }, statusText(paused));
    });
}

function operating(ctx: CliContext) {
  const realm = ctx.realm();
  const clients = ctx.clients();
  const bus = new BusPublisher(clients.eventBridge, realmNames(realm).bus);
  const ports = awsRealmPorts(clients, realm, bus, ctx.env.CRON_TZ ?? 'UTC');
  return { ports, operator: new RealmOperator(ports, LAVA_SOURCES.cli) };
}

/**
 * The CLI acts with the caller's own AWS credentials, so IAM decides whether it may write the
 * state table; the audit trail names the local user, and the role is the one such access implies.
 */
function cliPrincipal(): Principal {
  return { name: `cli:${userInfo().username}`, role: 'operator' };
}

function statusText(paused: DispatcherPause[]): string {
  if (!paused.length) return 'no dispatcher is paused';
  return paused
    .map((p) => `${p.dispatcher}\tpaused ${p.paused_at} by ${p.paused_by}${p.reason ? `: ${p.reason}` : ''}`)
    .join('\n');
}
