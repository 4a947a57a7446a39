import { ConnectionUnsupportedError, LoadFailedError } from '../errors';
import type { SqlSession } from '../session/sql-session';
import type { CsvReadOptions } from './csv-reader';
import type { LoadDialect } from './load-dialect';

/** Reference 2.13 modes. `abort` fails only when the target already holds rows (its documented meaning). */
export type LoadMode = 'abort' | 'append' | 'delete' | 'drop' | 'switch' | 'truncate';
export const LOAD_MODES: readonly LoadMode[] = ['abort', 'append', 'delete', 'drop', 'switch', 'truncate'];

export interface LoadDelimitedOptions extends CsvReadOptions {
  /** Target schema (ignored by SQLite; default: the connection's current schema). */
  schema?: string;
  table: string;
  /** CSV text (decompressed unless `gzip`); not read when `serverLoad` is given. */
  source: AsyncIterable<string | Buffer>;
  /**
   * Loads into `target` on the server instead of streaming `source` (the engine reads S3 itself:
   * Redshift COPY, aws_s3.table_import_from_s3, LOAD DATA FROM S3). Modes, table creation and the
   * transaction stay the loader's. `columns` are the quoted load columns (undefined = all).
   */
  serverLoad?: (
    target: string,
    columns: readonly string[] | undefined,
  ) => Promise<{ rows?: number; events: string[] }>;
  /** Column DDL entries (`"name type ..."`); the first word of each is the load column list. */
  columns?: readonly string[];
  /** Skip this many leading lines (`true` = 1). */
  header?: boolean | number;
  mode: LoadMode;
  /** Rows per INSERT batch / cancellation check (default 1000). */
  batchSize?: number;
  /** `copy` (PostgreSQL COPY FROM STDIN), `insert` (batched INSERT), `auto` (copy where available). */
  method?: 'copy' | 'insert' | 'auto';
  /** Keep the case of schema, table and column names (the original lower-cased tables regardless). */
  preserveCase?: boolean;
  /** The source is gzip-compressed. */
  gzip?: boolean;
  signal?: AbortSignal;
}

/** One column of the load: quoted name for DML and the DDL fragment when creating. */
export interface LoadColumn {
  quoted: string;
  ddl?: string;
}

export interface ResolvedLoad {
  schema: string | undefined;
  table: string;
  qualify: (table: string) => string;
  columns: LoadColumn[] | undefined;
  skipLines: number;
  batchSize: number;
  method: 'copy' | 'insert';
}

/** Normalise names, column DDL and method for one load. */
export function resolveLoad(
  session: SqlSession,
  dialect: LoadDialect,
  o: LoadDelimitedOptions,
): ResolvedLoad {
  if (!LOAD_MODES.includes(o.mode)) throw new LoadFailedError(`Bad mode: ${String(o.mode)}`);
  const norm = (s: string): string => (o.preserveCase === true ? s : s.toLowerCase());
  const schema = dialect.usesSchema && o.schema !== undefined && o.schema !== '' ? norm(o.schema) : undefined;
  const qualify = (t: string): string =>
    (schema === undefined ? '' : `${session.quoteIdent(schema)}.`) + session.quoteIdent(t);
  const columns = o.columns?.map((entry) => parseColumn(entry, norm, session));
  const method = o.method ?? 'auto';
  const pg = session.dialect === 'postgresql';
  if (method === 'copy' && !pg)
    throw new ConnectionUnsupportedError(`COPY loading is not available for ${session.dialect}`);
  return {
    schema,
    table: norm(o.table),
    qualify,
    columns,
    skipLines: o.header === true ? 1 : typeof o.header === 'number' ? o.header : 0,
    batchSize: o.batchSize ?? 1000,
    method: method === 'auto' ? (pg ? 'copy' : 'insert') : method,
  };
}

function parseColumn(entry: string, norm: (s: string) => string, session: SqlSession): LoadColumn {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(entry);
  if (m === null) throw new LoadFailedError(`Bad column spec: ${entry}`);
  const quoted = session.quoteIdent(norm(m[1]!.replace(/^["`[]|["`\]]$/g, '')));
  return { quoted, ddl: m[2]!.trim() === '' ? undefined : `${quoted} ${m[2]!.trim()}` };
}
