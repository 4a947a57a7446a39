/** Options of a single statement execution. */
export interface ExecOptions {
  /** Cancels the statement on the server when aborted. */
  signal?: AbortSignal;
  /** Cancels the statement on the server after this many milliseconds. */
  timeoutMs?: number;
  /**
   * Named bind values for `:name` placeholders. Only Oracle sessions take them (the Oracle load
   * dialect's catalogue queries bind, as the original did); the other engines refuse them with
   * ConnectionUnsupportedError rather than run a statement with its placeholders unbound.
   */
  binds?: Readonly<Record<string, string>>;
}

/** Result of a buffered execution. `columns` is present iff the statement produced a result set. */
export interface ExecResult {
  rowCount: number;
  columns?: string[];
  rows?: unknown[][];
}

/** A streamed result: iterate rows as arrays; `columns` undefined means no result set. */
export interface RowStream extends AsyncIterable<unknown[]> {
  readonly columns: readonly string[] | undefined;
  /** Rows returned or affected so far (final after iteration completes). */
  rowCount(): number;
}

export interface BulkLoadOptions {
  /** `copy` = PostgreSQL COPY FROM STDIN; `insert` = multi-row INSERT batches. */
  mode: 'copy' | 'insert';
  batchSize: number;
  signal?: AbortSignal;
}

/** An open database session. All methods throw ConnectorError subclasses with sanitised messages. */
export interface SqlSession {
  readonly dialect: import('../model/connection').SqlDialect;
  execute(sql: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Streams rows with a server-side cursor so large results are not buffered. */
  stream(sql: string, opts?: ExecOptions & { fetchSize?: number }): Promise<RowStream>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly inTransaction: boolean;
  /** Cancel the running statement on the server (pg_cancel_backend / KILL QUERY / break). */
  cancel(): Promise<void>;
  /** Load rows into `table` (already quoted/qualified) for the given column list (already quoted). */
  bulkLoad(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]>,
    opts: BulkLoadOptions,
  ): Promise<number>;
  /** Quote an identifier for this dialect; rejects names containing the quote character. */
  quoteIdent(name: string): string;
  close(): Promise<void>;
}
