import { globMatch, jobConnectionRefs } from '@lava/core';
import type { Command } from 'commander';
import { JobsRepository, RealmsRepository } from '../aws';
import type { CliContext } from '../cli-context';
import { examples } from './help-text';

/** One place a job names a matching connection. */
export interface ConnUsage {
  job_id: string;
  conn_id: string;
  path: string;
  templated: boolean;
}

/**
 * Jobs naming a connection that matches one of `globs` (where Lava knows a field holds a conn_id,
 * realm defaults for actions included). A templated id (`{{ … }}`) is reported when its text
 * matches, since its value is known only at run time.
 */
export function connectionUsage(
  jobs: Array<Record<string, unknown>>,
  realm: Record<string, unknown> | undefined,
  globs: string[],
  ignoreCase = false,
): ConnUsage[] {
  return jobs
    .flatMap((job) => jobConnectionRefs(job, realm).map((ref) => ({ job_id: String(job.job_id), ...ref })))
    .filter((u) => globs.some((g) => globMatch(g, u.conn_id, { ignoreCase })))
    .sort((a, b) => a.job_id.localeCompare(b.job_id) || a.path.localeCompare(b.path));
}

async function connUsage(ctx: CliContext, globs: string[], opts: { ignoreCase?: boolean; long?: boolean }) {
  const realm = ctx.realm();
  const [jobs, realmRecord] = await Promise.all([
    new JobsRepository(ctx.clients().dynamo, realm).list(),
    new RealmsRepository(ctx.clients().dynamo).get(realm),
  ]);
  const usage = connectionUsage(jobs, realmRecord, globs, opts.ignoreCase);
  const text = opts.long
    ? usage.map((u) => `${u.job_id}\t${u.conn_id}\t${u.path}${u.templated ? '\t(templated)' : ''}`).join('\n')
    : [...new Set(usage.map((u) => u.job_id))].join('\n');
  ctx.print(usage, text || '');
}

/** `lava conn-usage`: the original's lava-conn-usage. */
export function registerConnUsageCommand(program: Command, ctx: CliContext): void {
  program
    .command('conn-usage')
    .description('job ids of jobs that reference connections matching glob patterns')
    .argument('<conn-globs...>', 'glob patterns of connection ids')
    .option('-i, --ignore-case', 'match case-insensitively')
    .option('-l, --long', 'one line per reference: job id, conn id, where in the job')
    .addHelpText(
      'after',
      examples(
        "lava conn-usage '*redshift*'",
        "lava conn-usage -l 'dw-*' --json",
        "lava job-activity $(lava conn-usage 'redshift*')",
      ) + '\nOnly fields Lava knows to hold connection ids are searched.\n',
    )
    .action((globs: string[], opts: { ignoreCase?: boolean; long?: boolean }) => connUsage(ctx, globs, opts));
}
