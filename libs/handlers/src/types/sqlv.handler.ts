import { inOrder, JobFailedError, type HandlerContext, type HandlerResult, runConfig } from '@lava/core';
import {
  createReadStream,
  createWriteStream,
  readFileSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { Writable } from 'node:stream';
import {
  OUTPUT_FORMATS,
  OutputFailedError,
  runStatements,
  SqlTimeoutError,
  type OutputFormat,
  type SqlStatement,
} from '@lava/connectors';
import { BadParametersError } from '../errors';
import { DatabaseHandler } from '../sql/database-handler';
import { checkDeclaredParameters, jinjaParameter, varsParameter } from '../exec/parameters';
import { payloadLimit } from '../exec/payload-limit';
import { timeoutMs } from '../exec/timeout';
import { TIMEOUT_EXIT_STATUS } from '../process/run-process';
import { closeQuietly, failureFrom, openSession } from '../sql/db-session';
import { renderSqlFile } from '../sql/sql-render';
import { splitScript } from '../sql/sql-script-runner';
import { boolParameter, csvOptions, durationMs, positiveInt, stringParameter } from '../sql/sql-parameters';
import { payloadEntries } from './sql.handler';

const LEVELS = ['debug', 'info', 'warning', 'error', 'critical'];

/**
 * `sqlv`, in process instead of a lava-sql child: every payload file is rendered
 * whole, split lava-side (unless `raw`) and run on one session, optionally in one transaction.
 * `timeout` bounds the whole run and `statement_timeout` each statement; either cancels the
 * running statement on the server. All result sets go to one `stdout` object; the run log to `stderr`.
 */
export class SqlvHandler extends DatabaseHandler {
  readonly type = 'sqlv';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const connId = stringParameter(this.type, 'conn_id', p.conn_id);
    const format = String(p.format ?? 'csv').toLowerCase() as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format))
      throw new BadParametersError(
        this.type,
        `format ${format} is not supported (${OUTPUT_FORMATS.join(', ')})`,
      );
    const level = String(p.level ?? 'info').toLowerCase();
    if (!LEVELS.includes(level)) throw new BadParametersError(this.type, `Bad level: ${level}`);
    const vars = varsParameter(this.type, p.vars);
    const jinja = jinjaParameter(p.jinja);
    const raw = boolParameter(this.type, 'raw', p.raw, false);
    const transaction = boolParameter(this.type, 'transaction', p.transaction, false);
    const csv =
      format === 'csv'
        ? csvOptions(ctx, this.type)
        : { header: boolParameter(this.type, 'header', p.header, false) };
    const fetchSize = positiveInt(
      this.type,
      'batch_size',
      p.batch_size ?? runConfig(ctx, 'SQL_BATCH_SIZE'),
      1024,
    );
    const runTimeout = timeoutMs(ctx, 'SQLV_TIMEOUT');
    const statementTimeoutMs = durationMs(this.type, 'statement_timeout', p.statement_timeout);

    const [files, plan] = await this.prepare(ctx, jinja, vars, raw);
    const log = new RunLog(level === 'debug' || level === 'info');
    const dataFile = join(ctx.runDir, 'stdout');
    const sink = createWriteStream(dataFile);
    const db = await openSession(ctx, connId, this.registry);
    let failure: JobFailedError | undefined;
    try {
      const statements = plan(db.session.dialect);
      log.info(
        `Running ${statements.list.length} statement(s) from ${files.length} file(s)${transaction ? ' in one transaction' : ''}`,
      );
      const results = await runStatements(db.session, statements.list, {
        transaction,
        timeoutMs: runTimeout,
        statementTimeoutMs,
        fetchSize,
        signal: ctx.signal,
        output: {
          format,
          options: csv,
          sink: format === 'parquet' ? oneResultSet(sink, statements.where) : sink,
        },
      });
      for (const r of results)
        log.info(`${statements.where(r.index)}: ${r.rowCount} row(s) in ${r.durationMs} ms`);
    } catch (err) {
      failure = this.failure(err, db.resolved, runTimeout, statementTimeoutMs);
      log.error(failure.message);
    } finally {
      await closeQuietly(db.session);
      await endSink(sink).catch(() => undefined);
    }
    const entry = await this.upload(ctx, dataFile, log);
    if (failure)
      throw new JobFailedError(failure.code, failure.message, {
        ...failure.data,
        exit_status: failure.data?.exit_status,
        output: [{ ...entry, exit_status: failure.data?.exit_status }],
      });
    return { exit_status: 0, output: [entry] };
  }

  /** Download and render every file, returning a planner that splits them for the session's dialect. */
  private async prepare(ctx: HandlerContext, jinja: boolean, vars: Record<string, unknown>, raw: boolean) {
    const entries = payloadEntries(ctx.job.payload);
    const downloaded = await ctx.payloads.download(
      entries,
      ctx.runDir,
      payloadLimit(ctx, 'SQL_MAX_PAYLOAD_SIZE'),
    );
    const files = downloaded.flatMap((d) => d.files);
    const texts = await inOrder(files, async (f) => ({
      name: basename(f),
      text: jinja ? await renderSqlFile(ctx, f, vars) : readFileSync(f, 'utf8'),
    }));
    const plan = (dialect: Parameters<typeof splitScript>[2]) => {
      const list: SqlStatement[] = [];
      const origin: string[] = [];
      for (const t of texts) {
        for (const s of splitScript(t.text, raw, dialect)) {
          origin.push(`${t.name} statement ${s.index}`);
          list.push({ index: list.length, sql: s.sql });
        }
      }
      return { list, where: (i: number) => origin[i] ?? `statement ${i}` };
    };
    return [files, plan] as const;
  }

  private failure(
    err: unknown,
    resolved: Parameters<typeof failureFrom>[1],
    runTimeout: number,
    statementTimeoutMs: number | undefined,
  ): JobFailedError {
    if (err instanceof SqlTimeoutError) {
      const whole = statementTimeoutMs === undefined || /^Run timed out/.test(err.message);
      const message = whole
        ? `Timed out after ${(runTimeout / 1000).toFixed(1)} seconds`
        : `Statement timed out after ${(statementTimeoutMs / 1000).toFixed(1)} seconds and was cancelled`;
      return new JobFailedError('SQL_TIMEOUT', message, { exit_status: TIMEOUT_EXIT_STATUS, error: message });
    }
    return failureFrom(err, resolved, { exit_status: 1 });
  }

  /** Upload non-empty `stdout` (data) and `stderr` (log); dev mode keeps the log local. */
  private async upload(ctx: HandlerContext, dataFile: string, log: RunLog): Promise<Record<string, unknown>> {
    const entry: Record<string, unknown> = { exit_status: 0 };
    if (statSync(dataFile).size > 0)
      entry.stdout = await ctx.outputs.put('stdout', createReadStream(dataFile));
    const text = log.text();
    if (ctx.dev) {
      if (text) ctx.logger.info('sqlv log', { log: text });
    } else if (text) {
      writeFileSync(join(ctx.runDir, 'stderr'), text);
      entry.stderr = await ctx.outputs.put('stderr', text);
    }
    return entry;
  }
}

/**
 * A parquet file holds one table, so `stdout` takes the first result set; a second fails the run
 * (the original appended a second parquet file to the same object, which no reader can open).
 */
function oneResultSet(sink: WriteStream, where: (index: number) => string) {
  let used = false;
  return ({ index }: { index: number }): Writable => {
    if (used)
      throw new OutputFailedError(
        `format parquet holds one result set; ${where(index)} returned another (run it as its own job)`,
      );
    used = true;
    return sink; // the runner ends it after the result set (endSink below then only waits)
  };
}

function endSink(sink: WriteStream): Promise<void> {
  if (sink.writableFinished) return Promise.resolve();
  return new Promise((resolve, reject) => {
    sink.once('error', reject);
    sink.end(() => resolve());
  });
}

/** The run log uploaded as `stderr` (what lava-sql logged in the original). */
class RunLog {
  private readonly lines: string[] = [];
  constructor(private readonly verbose: boolean) {}
  info(message: string): void {
    if (this.verbose) this.lines.push(`${new Date().toISOString()} INFO ${message}`);
  }
  error(message: string): void {
    this.lines.push(`${new Date().toISOString()} ERROR ${message}`);
  }
  text(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}
