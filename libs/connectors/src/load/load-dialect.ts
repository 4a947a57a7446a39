import { ConnectionUnsupportedError } from '../errors';
import type { SqlDialect } from '../model/connection';
import type { SqlSession } from '../session/sql-session';
import { ORACLE_LOAD } from './oracle-load-dialect';

/** Catalogue and DDL differences between the loader targets. */
export interface LoadDialect {
  /** DDL in this engine is transactional (pg, SQLite) vs implicitly committing (MySQL). */
  readonly transactionalDdl: boolean;
  /** Schema is meaningful (SQLite ignores it). */
  readonly usesSchema: boolean;
  tableExists(session: SqlSession, schema: string | undefined, table: string): Promise<boolean>;
  tableColumns(session: SqlSession, schema: string | undefined, table: string): Promise<string[]>;
  /** Statement emptying a table without leaving the transaction. */
  emptySql(qualified: string): string;
  /** Atomically replace `target` by `staging` (only used where DDL is not transactional). */
  swapSql?(target: string, staging: string, old: string): string;
  /** Query answering one row when the table holds any (abort and switch modes). */
  firstRowSql(qualified: string): string;
  /** Statement dropping a table that may not exist (undoing a failed load's CREATE). */
  dropIfExistsSql(qualified: string): string;
}

const firstRowLimit = (q: string): string => `SELECT 1 FROM ${q} LIMIT 1`;
const dropIfExists = (q: string): string => `DROP TABLE IF EXISTS ${q}`;

function lit(s: string, backslash = false): string {
  const t = backslash ? s.replace(/\\/g, '\\\\') : s;
  return `'${t.replace(/'/g, "''")}'`;
}

async function firstColumn(session: SqlSession, sql: string): Promise<unknown[]> {
  const r = await session.execute(sql);
  return (r.rows ?? []).map((row) => row[0]);
}

const postgres: LoadDialect = {
  transactionalDdl: true,
  usesSchema: true,
  async tableExists(s, schema, table) {
    const rows = await firstColumn(
      s,
      `SELECT 1 FROM information_schema.tables WHERE table_schema = ${lit(schema ?? 'public')} AND table_name = ${lit(table)}`,
    );
    return rows.length > 0;
  },
  async tableColumns(s, schema, table) {
    const rows = await firstColumn(
      s,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = ${lit(schema ?? 'public')} AND table_name = ${lit(table)} ORDER BY ordinal_position`,
    );
    return rows.map(String);
  },
  // TRUNCATE is transactional in PostgreSQL (and far cheaper than DELETE).
  emptySql: (q) => `TRUNCATE TABLE ${q}`,
  firstRowSql: firstRowLimit,
  dropIfExistsSql: dropIfExists,
};

const mysql: LoadDialect = {
  transactionalDdl: false,
  usesSchema: true,
  async tableExists(s, schema, table) {
    const where = schema === undefined ? 'table_schema = DATABASE()' : `table_schema = ${lit(schema, true)}`;
    const rows = await firstColumn(
      s,
      `SELECT 1 FROM information_schema.tables WHERE ${where} AND table_name = ${lit(table, true)}`,
    );
    return rows.length > 0;
  },
  async tableColumns(s, schema, table) {
    const where = schema === undefined ? 'table_schema = DATABASE()' : `table_schema = ${lit(schema, true)}`;
    const rows = await firstColumn(
      s,
      `SELECT column_name FROM information_schema.columns WHERE ${where} AND table_name = ${lit(table, true)} ORDER BY ordinal_position`,
    );
    return rows.map(String);
  },
  // TRUNCATE would commit implicitly; DELETE keeps the load atomic.
  emptySql: (q) => `DELETE FROM ${q}`,
  swapSql: (target, staging, old) => `RENAME TABLE ${target} TO ${old}, ${staging} TO ${target}`,
  firstRowSql: firstRowLimit,
  dropIfExistsSql: dropIfExists,
};

const sqlite: LoadDialect = {
  transactionalDdl: true,
  usesSchema: false,
  async tableExists(s, _schema, table) {
    const rows = await firstColumn(
      s,
      `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${lit(table)}`,
    );
    return rows.length > 0;
  },
  async tableColumns(s, _schema, table) {
    const r = await s.execute(`PRAGMA table_info(${lit(table)})`);
    return (r.rows ?? []).map((row) => String(row[1]));
  },
  emptySql: (q) => `DELETE FROM ${q}`,
  firstRowSql: firstRowLimit,
  dropIfExistsSql: dropIfExists,
};

/** Redshift: PostgreSQL's catalogue, but TRUNCATE commits implicitly there, so DELETE keeps the load atomic. */
const redshift: LoadDialect = { ...postgres, emptySql: (q) => `DELETE FROM ${q}` };

/** The loader rules for a session's dialect. */
export function loadDialectFor(dialect: SqlDialect): LoadDialect {
  if (dialect === 'postgresql') return postgres;
  if (dialect === 'redshift') return redshift;
  if (dialect === 'mysql') return mysql;
  if (dialect === 'sqlite3') return sqlite;
  if (dialect === 'oracle') return ORACLE_LOAD;
  throw new ConnectionUnsupportedError(`db_from_s3 does not support ${dialect} databases`);
}
