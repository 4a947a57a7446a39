import { type HandlerContext, type HandlerResult, jobTypeParameterNames, runConfig } from '@lava/core';
import type { ConnectorRegistry } from '@lava/connectors';
import { checkParameterKeys, jinjaParameter, varsParameter } from '../exec/parameters';
import { closeQuietly, openSession } from './db-session';
import { runScripts, type ScriptRunOptions, type SqlScript } from './sql-script-runner';
import {
  boolParameter,
  csvOptions,
  durationMs,
  outputDirParameter,
  positiveInt,
  stringParameter,
} from './sql-parameters';

/**
 * Parameters of sql and sqli plus the improvements: `render_first`
 * (render the whole text, then split), `statement_timeout` and `timeout` (whole run), both of
 * which cancel the running statement on the server.
 */
export const SQL_JOB_PARAMETERS = jobTypeParameterNames('sql');

/** Validate sql/sqli parameters into runner options (before any connection is opened). */
export function sqlJobOptions(
  ctx: HandlerContext,
  jobType: string,
): { connId: string; options: ScriptRunOptions } {
  const p = ctx.job.parameters;
  checkParameterKeys(jobType, p, SQL_JOB_PARAMETERS, ['conn_id']);
  const options: ScriptRunOptions = {
    jinja: jinjaParameter(p.jinja),
    renderFirst: boolParameter(jobType, 'render_first', p.render_first, false),
    raw: boolParameter(jobType, 'raw', p.raw, false),
    vars: varsParameter(jobType, p.vars),
    transaction: boolParameter(jobType, 'transaction', p.transaction, false),
    csv: csvOptions(ctx, jobType),
    fetchSize: positiveInt(jobType, 'batch_size', p.batch_size ?? runConfig(ctx, 'SQL_BATCH_SIZE'), 1024),
    outputDir: outputDirParameter(jobType, p.output),
    suffix: runConfig(ctx, 'SQL_OUTPUT_SUFFIX'),
    statementTimeoutMs: durationMs(jobType, 'statement_timeout', p.statement_timeout),
    timeoutMs: durationMs(jobType, 'timeout', p.timeout),
  };
  return { connId: stringParameter(jobType, 'conn_id', p.conn_id), options };
}

/** Open the connection, run the scripts, always close; the sql/sqli return map. */
export async function runSqlJob(
  ctx: HandlerContext,
  registry: ConnectorRegistry,
  connId: string,
  scripts: readonly SqlScript[],
  options: ScriptRunOptions,
): Promise<HandlerResult> {
  const db = await openSession(ctx, connId, registry);
  try {
    return { exit_status: 0, output: await runScripts(ctx, db, scripts, options) };
  } finally {
    await closeQuietly(db.session);
  }
}
