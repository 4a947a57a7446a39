import type { Writable } from 'node:stream';
import { ConnectorError, SqlTimeoutError } from '../errors';
import type { ExecResult, RowStream, SqlSession } from '../session/sql-session';
import type { DelimitedOptionsInput } from './delimited-writer';
import { endSink, writeResultSet, type OutputFormat } from './output-sink';
import { stripTrailingSemicolons } from './statement-splitter';

/** A statement to run; `index` names its output (`<file>.<index>.out`). */
export interface SqlStatement {
  index: number;
  sql: string;
}

/** Where result sets go. A function sink is called once per result set and ended by the runner. */
export interface OutputTarget {
  format: OutputFormat;
  options?: DelimitedOptionsInput;
  sink: Writable | ((info: { index: number; columns: readonly string[] }) => Writable | Promise<Writable>);
}

export interface RunStatementsOptions {
  /** Run everything in one transaction; any failure rolls it back. */
  transaction?: boolean;
  /** Deadline for the whole run (ms). */
  timeoutMs?: number;
  /** Per-statement limit (ms); the statement is cancelled on the server when exceeded. */
  statementTimeoutMs?: number;
  output?: OutputTarget;
  /**
   * Each statement may hold several SQL statements (the jobs' `raw: true`): run through the driver's
   * multi-statement path (buffered); the last result set is written.
   */
  raw?: boolean;
  /** Rows fetched per round trip (`batch_size`). */
  fetchSize?: number;
  signal?: AbortSignal;
}

export interface StatementResult {
  index: number;
  /** Rows returned (result sets) or affected. */
  rowCount: number;
  columns?: readonly string[];
  /** Bytes written to the output for this result set. */
  bytes?: number;
  durationMs: number;
}

/**
 * Execute statements in order (empty ones skipped, index kept). Result sets are streamed to
 * `output` with a cursor. On any failure: roll back when `transaction`, then throw the
 * ConnectorError with `statement_index` in its context.
 *
 * @example
 * await runStatements(session, splitStatements(text, 'postgresql'), {
 *   transaction: true, statementTimeoutMs: 60_000,
 *   output: { format: 'csv', options: SQL_JOB_CSV_DEFAULTS, sink: ({ index }) => createWriteStream(`q.${index}.out`) },
 * });
 */
export async function runStatements(
  session: SqlSession,
  statements: readonly (SqlStatement | string)[],
  opts: RunStatementsOptions = {},
): Promise<StatementResult[]> {
  const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
  const results: StatementResult[] = [];
  if (opts.transaction === true) await session.begin();
  try {
    for (const [i, s] of statements.entries()) {
      const stmt = typeof s === 'string' ? { index: i, sql: stripTrailingSemicolons(s) } : s;
      if (stmt.sql.trim() === '') continue;
      results.push(await runOne(session, stmt, opts, deadline));
    }
    if (opts.transaction === true) await session.commit();
    return results;
  } catch (err) {
    if (opts.transaction === true && session.inTransaction) await session.rollback().catch(() => undefined);
    throw err;
  }
}

async function runOne(
  session: SqlSession,
  stmt: SqlStatement,
  opts: RunStatementsOptions,
  deadline: number | undefined,
): Promise<StatementResult> {
  const started = Date.now();
  const timeoutMs = statementBudget(opts.statementTimeoutMs, deadline, started);
  const runTimedOut = (): boolean => deadline !== undefined && Date.now() >= deadline - 5;
  try {
    const exec = { timeoutMs, signal: opts.signal, fetchSize: opts.fetchSize };
    const stream =
      opts.raw === true
        ? bufferedStream(await session.execute(stmt.sql, exec))
        : await session.stream(stmt.sql, exec);
    const written = await consume(stream, stmt.index, opts.output);
    return {
      index: stmt.index,
      rowCount: stream.rowCount(),
      columns: stream.columns,
      bytes: written,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const e =
      err instanceof SqlTimeoutError && runTimedOut()
        ? new SqlTimeoutError(`Run timed out after ${opts.timeoutMs ?? 0} ms; statement cancelled`)
        : err;
    if (e instanceof ConnectorError) throw e.withContext({ statement_index: stmt.index });
    throw e;
  }
}

function bufferedStream(r: ExecResult): RowStream {
  const rows = r.rows ?? [];
  return {
    columns: r.columns,
    rowCount: () => r.rowCount,
    async *[Symbol.asyncIterator]() {
      yield* rows;
    },
  };
}

function statementBudget(
  perStatement: number | undefined,
  deadline: number | undefined,
  now: number,
): number | undefined {
  if (deadline === undefined) return perStatement;
  const left = deadline - now;
  if (left <= 0) throw new SqlTimeoutError('Run timed out before the statement started');
  return perStatement === undefined ? left : Math.min(perStatement, left);
}

async function consume(
  stream: RowStream,
  index: number,
  output: OutputTarget | undefined,
): Promise<number | undefined> {
  if (stream.columns === undefined) return undefined;
  if (output === undefined) {
    for await (const row of stream) void row;
    return undefined;
  }
  if (typeof output.sink !== 'function')
    return (await writeResultSet(stream, output.sink, output.format, output.options)).bytes;
  const sink = await Promise.resolve()
    .then(() => (output.sink as SinkFactory)({ index, columns: stream.columns! }))
    .catch(async (err: unknown) => {
      await abandon(stream);
      throw err;
    });
  try {
    return (await writeResultSet(stream, sink, output.format, output.options)).bytes;
  } finally {
    await endSink(sink);
  }
}

type SinkFactory = Extract<OutputTarget['sink'], (...args: never[]) => unknown>;

/**
 * Close a result set nobody will read. A stream releases its cursor and statement timer in its
 * iterator's `finally`, which only runs once iteration has begun: so begin (one batch at most) and
 * return at once. Without this a refused sink left the statement's timeout timer and cursor open.
 */
async function abandon(stream: RowStream): Promise<void> {
  const it = stream[Symbol.asyncIterator]();
  try {
    await it.next();
  } catch {
    // the statement's own error is not what the caller is reporting
  } finally {
    await it.return?.(undefined)?.catch(() => undefined);
  }
}
