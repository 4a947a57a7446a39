import { toConnectorError } from '../model/sanitise';
import { insertBatches } from './insert-batches';
import type { BulkLoadOptions, ExecOptions } from './sql-session';
import { guarded, StatementGuard } from './statement-guard';

/** A step of the transaction bookkeeping; each engine says it its own way. */
export type TransactionStep = 'begin' | 'commit' | 'rollback';

/** The arguments of `SqlSession.bulkLoad`, as one value. */
export interface BulkLoad {
  /** Already quoted and qualified. */
  table: string;
  /** Already quoted. */
  columns: readonly string[];
  rows: AsyncIterable<readonly unknown[]>;
  opts: BulkLoadOptions;
}

/**
 * What the client-server sessions (PostgreSQL, MySQL, SQL Server, Oracle) share: they track the
 * transaction themselves, mask the connection's secrets in driver errors, and cancel a bulk load
 * on the server through the same statement guard as a statement. SQLite asks its driver whether
 * a transaction is open and has no server to cancel on, so it does not extend this.
 */
export abstract class ServerSqlSession {
  private txn = false;

  protected constructor(protected readonly secrets: readonly string[]) {}

  get inTransaction(): boolean {
    return this.txn;
  }

  async begin(): Promise<void> {
    await this.transaction('begin');
    this.txn = true;
  }

  async commit(): Promise<void> {
    await this.transaction('commit');
    this.txn = false;
  }

  /** The flag clears first: after a failed rollback the session is not in a usable transaction. */
  async rollback(): Promise<void> {
    this.txn = false;
    await this.transaction('rollback');
  }

  abstract cancel(): Promise<void>;

  bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]>,
    opts: BulkLoadOptions,
  ): Promise<number> {
    return this.guardedStatement({ signal: opts.signal }, () => this.load({ table, columns, rows, opts }));
  }

  /** Runs `fn` under a guard that cancels the statement on the server at `opts`' signal or timeout. */
  protected guardedStatement<T>(opts: ExecOptions, fn: () => Promise<T>): Promise<T> {
    return guarded(() => this.cancel(), opts, this.secrets, fn);
  }

  /** The same guard, for a streamed statement: the caller starts and finishes it. */
  protected statementGuard(opts: ExecOptions): StatementGuard {
    return new StatementGuard(() => this.cancel(), opts, this.secrets);
  }

  /** Runs one transaction step on the server (errors are masked by the caller). */
  protected abstract transactionStep(step: TransactionStep): Promise<void>;

  /** Loads the rows; cancellation and error masking are the caller's. */
  protected abstract load(load: BulkLoad): Promise<number>;

  private async transaction(step: TransactionStep): Promise<void> {
    try {
      await this.transactionStep(step);
    } catch (err) {
      throw toConnectorError(err, this.secrets);
    }
  }
}

/** Bind-parameter limits of an engine's multi-row INSERT. */
export interface InsertLimits {
  /** Bind values one statement may carry. */
  maxParams: number;
  /** Rows one VALUES list may hold, when the engine caps it. */
  maxRows?: number;
  /** The n-th (1-based) bind marker. */
  placeholder: (n: number) => string;
}

/**
 * Loads `load.rows` as multi-row INSERT statements of at most `opts.batchSize` rows, within the
 * engine's limits; `run` executes one statement with its bind values. Returns the rows inserted.
 */
export function insertRows(
  load: BulkLoad,
  limits: InsertLimits,
  run: (sql: string, params: unknown[]) => Promise<unknown>,
): Promise<number> {
  const { table, columns, rows, opts } = load;
  const byParams = Math.floor(limits.maxParams / Math.max(1, columns.length));
  const maxRows = Math.max(1, Math.min(opts.batchSize, limits.maxRows ?? byParams, byParams));
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  return insertBatches(rows, maxRows, columns.length, limits.placeholder, async (values, params) => {
    await run(insert + values, params);
  });
}
