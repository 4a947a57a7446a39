import type { Command } from 'commander';
import { ConnectionsRepository, EventsRepository, JobsRepository, TriggersRepository } from '../aws';
import {
  findingsMarkdown,
  REALM_CHECKS,
  runCheck,
  selectChecks,
  type CheckFinding,
  type CheckTable,
} from '../check/realm-checks';
import type { CliContext } from '../cli-context';
import { collect } from '../input/key-values';
import { examples } from './help-text';

function listChecks(ctx: CliContext): void {
  const width = Math.max(...REALM_CHECKS.map((c) => c.name.length)) + 1;
  ctx.print(
    REALM_CHECKS.map(({ name, description, table, suppressible }) => ({
      name,
      description,
      table,
      suppressible,
    })),
    `Available checks (* can be suppressed per record with x-lava-nocheck):\n\n${REALM_CHECKS.map(
      (c) => `${`${c.name}${c.suppressible ? '*' : ''}:`.padEnd(width + 2)}${c.description}`,
    ).join('\n')}`,
  );
}

async function check(ctx: CliContext, opts: { check?: string[]; suppress: boolean }): Promise<void> {
  if (!opts.check?.length) return listChecks(ctx);
  const checks = selectChecks(opts.check);
  const db = ctx.clients().dynamo;
  const realm = ctx.realm();
  const readers: Record<CheckTable, () => Promise<Array<Record<string, unknown>>>> = {
    jobs: () => new JobsRepository(db, realm).list(),
    connections: () => new ConnectionsRepository(db, realm).list(),
    s3triggers: () => new TriggersRepository(db, realm).list(),
  };
  // One scan per table, however many checks read it.
  const tables = new Map<CheckTable, Promise<Array<Record<string, unknown>>>>();
  const events = new EventsRepository(db, realm);
  const hasRuns = async (jobId: string) => (await events.listRuns(jobId, 1)).length > 0;
  const results: Array<{ name: string; findings: CheckFinding[] }> = [];
  let text = '';
  for (const c of checks) {
    if (!tables.has(c.table)) tables.set(c.table, readers[c.table]());
    const findings = await runCheck(c, { records: await tables.get(c.table)!, hasRuns }, opts.suppress);
    results.push({ name: c.name, findings });
    if (findings.length) text += `${findingsMarkdown(c, findings)}\n`;
  }
  ctx.print(results, text || 'no problems found');
}

/** `lava check`: the original's lava-check (markdown tables of records with problems). */
export function registerCheckCommand(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('health checks of the realm tables; with no -c, lists the checks')
    .option('-c, --check <glob>', 'run the checks whose names match (repeatable)', collect)
    .option('-S, --no-suppress', 'ignore x-lava-nocheck markers in records')
    .addHelpText(
      'after',
      examples(
        'lava check',
        "lava check -c 'job*'",
        'lava check -c joborphan -c conmeta --json',
        'lava check -c "*" -S',
      ) +
        '\nOutput is markdown, one table per check that found something. Each check scans its table once.\n',
    )
    .action((opts: { check?: string[]; suppress: boolean }) => check(ctx, opts));
}
