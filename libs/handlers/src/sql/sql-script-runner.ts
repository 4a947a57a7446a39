import { inOrder, JobFailedError, type HandlerContext } from '@lava/core';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  runStatements,
  splitStatements,
  SqlTimeoutError,
  stripTrailingSemicolons,
  type DelimitedOptionsInput,
  type ResolvedDbConnection,
  type SqlSession,
  type SqlStatement,
} from '@lava/connectors';
import { TIMEOUT_EXIT_STATUS } from '../process/run-process';
import { failureFrom } from './db-session';
import { renderOrFail } from './sql-render';

/** One unit of SQL text: a payload file (named by its base name) or an inline payload element (`m`). */
export interface SqlScript {
  name: string;
  text: string;
}

export interface ScriptRunOptions {
  jinja: boolean;
  /** Render the whole text before splitting (opt-in; the original rendered each split piece). */
  renderFirst: boolean;
  raw: boolean;
  vars: Record<string, unknown>;
  transaction: boolean;
  csv: DelimitedOptionsInput;
  fetchSize: number;
  /** `output` sub-directory, locally and in S3. */
  outputDir?: string;
  /** `SQL_OUTPUT_SUFFIX`, `.out` by default. */
  suffix: string;
  statementTimeoutMs?: number;
  timeoutMs?: number;
}

/** Output URIs per script name, in statement order (the `output` of the return map). */
export type ScriptOutputs = Record<string, string[]>;

/**
 * The sql/sqli engine: statements run in order on one session; every result set is
 * written to `{rundir}/[output/]<name>.<n><suffix>` and uploaded at once to the same relative name
 * under the run's output prefix. With `transaction`, any failure rolls back everything.
 */
export async function runScripts(
  ctx: HandlerContext,
  db: { session: SqlSession; resolved: ResolvedDbConnection },
  scripts: readonly SqlScript[],
  opts: ScriptRunOptions,
): Promise<ScriptOutputs> {
  const output: ScriptOutputs = {};
  const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
  const { session } = db;
  try {
    if (opts.transaction) await session.begin();
    for (const script of scripts) {
      const uris = (output[script.name] ??= []);
      for (const stmt of await statementsOf(ctx, script, opts, session.dialect)) {
        try {
          await runOne(ctx, session, script.name, stmt, opts, deadline, uris);
        } catch (err) {
          throw asFailure(err, db.resolved, output, opts, deadline, `${script.name} statement ${stmt.index}`);
        }
      }
    }
    if (opts.transaction) await session.commit();
    return output;
  } catch (err) {
    if (opts.transaction && session.inTransaction) await session.rollback().catch(() => undefined);
    throw asFailure(err, db.resolved, output, opts, deadline, undefined);
  }
}

/** The statements of a rendered script: split (unless raw), keeping every piece's index. */
export function splitScript(
  text: string,
  raw: boolean | undefined,
  dialect: SqlSession['dialect'],
): SqlStatement[] {
  if (raw) return [{ index: 0, sql: stripTrailingSemicolons(text) }];
  return splitStatements(text, dialect).map((piece) => ({ index: piece.index, sql: piece.sql }));
}

/** Split (unless raw) and render (unless jinja is off), keeping every piece's index. */
export async function statementsOf(
  ctx: HandlerContext,
  script: SqlScript,
  opts: Pick<ScriptRunOptions, 'jinja' | 'renderFirst' | 'raw' | 'vars'>,
  dialect: SqlSession['dialect'],
): Promise<SqlStatement[]> {
  const render = async (text: string, field: string): Promise<string> =>
    opts.jinja ? renderOrFail(ctx, text, field, opts.vars) : text;
  const source = opts.jinja && opts.renderFirst ? await render(script.text, script.name) : script.text;
  if (!opts.jinja || opts.renderFirst) return splitScript(source, opts.raw, dialect);
  if (opts.raw) {
    const sql = opts.jinja && !opts.renderFirst ? await render(source, script.name) : source;
    return [{ index: 0, sql: stripTrailingSemicolons(sql) }];
  }
  return inOrder(splitStatements(source, dialect), async (piece) => ({
    index: piece.index,
    sql:
      opts.jinja && !opts.renderFirst && piece.sql !== ''
        ? stripTrailingSemicolons(await render(piece.sql, `${script.name}[${piece.index}]`))
        : piece.sql,
  }));
}

async function runOne(
  ctx: HandlerContext,
  session: SqlSession,
  name: string,
  stmt: SqlStatement,
  opts: ScriptRunOptions,
  deadline: number | undefined,
  uris: string[],
): Promise<void> {
  if (stmt.sql.trim() === '') return;
  const relative = join(opts.outputDir ?? '', `${name}.${stmt.index}${opts.suffix}`);
  const local = join(ctx.runDir, relative);
  let produced = false;
  await runStatements(session, [stmt], {
    fetchSize: opts.fetchSize,
    statementTimeoutMs: opts.statementTimeoutMs,
    timeoutMs: deadline === undefined ? undefined : deadline - Date.now(),
    signal: ctx.signal,
    output: {
      format: 'csv',
      options: opts.csv,
      sink: () => {
        produced = true;
        mkdirSync(dirname(local), { recursive: true });
        return createWriteStream(local);
      },
    },
  });
  if (produced) uris.push(await ctx.outputs.put(relative, createReadStream(local)));
}

function asFailure(
  err: unknown,
  resolved: ResolvedDbConnection,
  output: ScriptOutputs,
  opts: ScriptRunOptions,
  deadline: number | undefined,
  where: string | undefined,
): JobFailedError {
  if (err instanceof JobFailedError)
    return new JobFailedError(err.code, err.message, { exit_status: 1, ...err.data, output });
  if (err instanceof SqlTimeoutError) {
    const runOut = deadline !== undefined && Date.now() >= deadline - 50;
    const message = runOut
      ? `Timed out after ${((opts.timeoutMs ?? 0) / 1000).toFixed(1)} seconds${where ? `; ${where} cancelled` : ''}`
      : `${where ?? 'Statement'} timed out after ${((opts.statementTimeoutMs ?? 0) / 1000).toFixed(1)} seconds and was cancelled`;
    return new JobFailedError('SQL_TIMEOUT', message, {
      exit_status: TIMEOUT_EXIT_STATUS,
      error: message,
      output,
    });
  }
  return failureFrom(err, resolved, { exit_status: 1, output }, where ? `${where}: ` : '');
}
