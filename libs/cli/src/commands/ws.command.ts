import type { Command } from 'commander';
import type { QueueDepth } from '@lava/operations';
import { realmQueueDepths } from '../aws';
import type { CliContext } from '../cli-context';
import { examples } from './help-text';

/** A fixed-width table: name, then the counts, right-aligned. */
export function formatQueueDepths(depths: QueueDepth[]): string {
  const header = ['FLEET', 'KIND', 'WAITING', 'RUNNING', 'DELAYED', 'DEAD-LETTER'];
  const rows = depths.map((d) => [
    d.name,
    d.kind,
    String(d.visible),
    String(d.in_flight),
    String(d.delayed),
    d.dead_letter === null ? '-' : String(d.dead_letter),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

async function ws(ctx: CliContext, opts: { all?: boolean }): Promise<void> {
  const depths = (await realmQueueDepths(ctx.clients().sqs, ctx.realm())).filter(
    (d) => opts.all || d.kind === 'worker',
  );
  ctx.print(depths, depths.length ? formatQueueDepths(depths) : 'no worker queues in this realm');
}

/** `lava ws`: the worker fleets' queues at a glance. */
export function registerWsCommand(program: Command, ctx: CliContext): void {
  program
    .command('ws')
    .description(
      'worker fleets: runs waiting, running (received, not yet deleted), delayed, and dead-lettered, per queue',
    )
    .option('-a, --all', "also the realm's service queues (dispatch, audit, s3events)")
    .addHelpText(
      'after',
      examples('lava ws', 'lava ws --all --json') +
        '\nCounts are SQS approximations (ApproximateNumberOfMessages*), as the console shows them.\n',
    )
    .action((opts: { all?: boolean }) => ws(ctx, opts));
}
